/**
 * `trm`: the headless entry point, running the same domain and model code as the language server.
 */
import { ADAPT_USAGE, adaptCommand } from './cli/adapt';
import { checkCommand } from './cli/check';
import { CliError } from './cli/io';
import { EVAL_USAGE, evalCommand } from './cli/evaluate';
import { GENERATE_USAGE, generateCommand } from './cli/generate';
import { EXPORT_DATASET_USAGE, exportDatasetCommand } from './cli/export-dataset';
import { EVAL_ARC_USAGE, evalArcCommand } from './cli/eval-arc';
import { IMPORT_USAGE, importCommand } from './cli/import';
import { SOLVE_USAGE, solveCommand } from './cli/solve';
import { TRAIN_USAGE, trainCommand } from './cli/train';

const USAGE = `usage: trm <command> [options]

commands:
  solve FILE          print the solved puzzle in the file's own format (trm solve --help)
  adapt TASK.json     learn an ARC task the model was not trained on, then answer with two attempts (trm adapt --help)
  check FILE...       print diagnostics as file:line:col: severity: message; exit 1 on any error
  train               train a model (trm train --help)
  eval MODEL [DATA]   cell and exact accuracy and mean supervision steps of a model (trm eval --help)
  generate            write generated puzzle files (trm generate --help)
  import CHECKPOINT   a checkpoint of the official PyTorch TRM as a model here (trm import --help)
  eval-arc MODEL      an ARC model scored as the reference scores it: augmentations, voting, pass@K (trm eval-arc --help)
  export-dataset      generated puzzles in the official TRM's dataset layout (trm export-dataset --help)
`;

/** `trm COMMAND --help` (or -h) prints the command's usage and exits 0. */
const COMMAND_USAGE: Record<string, string> = {
  solve: SOLVE_USAGE,
  adapt: ADAPT_USAGE,
  check: 'usage: trm check FILE...\n  prints diagnostics as file:line:col: severity: message [code]; exits 1 on any error',
  train: TRAIN_USAGE,
  eval: EVAL_USAGE,
  generate: GENERATE_USAGE,
  import: IMPORT_USAGE,
  'eval-arc': EVAL_ARC_USAGE,
  'export-dataset': EXPORT_DATASET_USAGE,
};

const USER_ERRORS = new Set([
  'DatasetSpecError',
  'ModelFileError',
  'ModelCardError',
  'CheckpointError',
  'TrmConfigError',
  'SudokuGenerationError',
  'MazeGenerationError',
  'ArcDataError',
  'ReferenceDatasetError',
  'NpyError',
  'ReferenceImportError',
  'OutputFolderError',
]);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  const err = (text: string) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  const usage = command !== undefined ? COMMAND_USAGE[command] : undefined;
  if (usage && rest.some((a) => a === '--help' || a === '-h')) {
    out(usage);
    return 0;
  }
  try {
    switch (command) {
      case 'solve':
        return await solveCommand(rest, { out: (t) => process.stdout.write(t), err });
      case 'adapt':
        return await adaptCommand(rest, { out: (t) => process.stdout.write(t), err });
      case 'check':
        return checkCommand(rest, out, err);
      case 'train':
        return await trainCommand(rest, { out: (t) => process.stdout.write(t), err, isTTY: process.stdout.isTTY === true });
      case 'eval':
        return await evalCommand(rest, { out: (t) => process.stdout.write(t), err });
      case 'import':
        return await importCommand(rest, { out: (t) => process.stdout.write(t), err });
      case 'eval-arc':
        return await evalArcCommand(rest, { out: (t) => process.stdout.write(t), err });
      case 'export-dataset':
        return exportDatasetCommand(rest, { out: (t) => process.stdout.write(t) });
      case 'generate':
        return generateCommand(rest, { out: (t) => process.stdout.write(t) });
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        err(`unknown command: ${command}\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof CliError) {
      err(e.message);
      return e.exitCode;
    }
    // Errors about the user's files, data or options: one line (TRM_DEBUG=1 shows where they came from).
    if (e instanceof Error && USER_ERRORS.has(e.name)) {
      if (process.env.TRM_DEBUG) err(e.stack ?? e.message);
      err(`trm ${command}: ${e.message}`);
      return 1;
    }
    // A file the user named that cannot be read or written (ENOENT, EACCES, …): Node's one-line message.
    if (e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string') {
      if (process.env.TRM_DEBUG) err(e.stack ?? e.message);
      err(`trm ${command}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`trm: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
