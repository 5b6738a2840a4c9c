/**
 * `trm import CHECKPOINT --out DIR --name NAME [--config FILE] [--data DIR] [--kind K] [architecture flags]`:
 * a checkpoint of the official TinyRecursiveModels pretrain.py becomes DIR/NAME.onnx + DIR/NAME.card.json,
 * served like any model here (`trm solve --model DIR/NAME.onnx`, the trm.models.* settings).
 */
import type { PuzzleKind } from '../puzzles/types';
import { importReferenceCheckpoint } from '../trm/import/import-checkpoint';
import type { ArchitectureFlags } from '../trm/import/reference-architecture';
import { choiceOption, intOption, parseArgs, stringOption } from './args';
import { CliError } from './io';

export const IMPORT_USAGE = `usage: trm import CHECKPOINT --out DIR --name NAME [options]
  CHECKPOINT        what pretrain.py saved (torch.save(model.state_dict(), .../step_N)), zip or legacy format
  --out DIR         where NAME.onnx and NAME.card.json go
  --name NAME       the model's file name
  --config FILE     the run's all_config.yaml (default: the one beside CHECKPOINT, if any)
  --data DIR        the reference dataset it was trained on (DIR/train/dataset.json): seq_len, vocab, ids
  --kind K          sudoku, maze or arc (default: from the dataset's name; never guessed)
  for what neither the config nor the tensors tell (default: the reference's config/arch/trm.yaml):
  --seq-len N, --num-heads N, --h-cycles T, --l-cycles n, --halt-max-steps N,
  --pos-encodings rope|learned|none, --puzzle-emb-len P`;

export interface ImportIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function importCommand(argv: string[], io: ImportIo): Promise<number> {
  const args = parseArgs(
    argv,
    ['out', 'name', 'config', 'data', 'kind', 'seq-len', 'num-heads', 'h-cycles', 'l-cycles', 'halt-max-steps', 'pos-encodings', 'puzzle-emb-len'],
    [],
  );
  const checkpoint = args.positional[0];
  const out = stringOption(args, 'out');
  const name = stringOption(args, 'name');
  if (!checkpoint || args.positional.length > 1 || !out || !name) throw new CliError(IMPORT_USAGE);
  if (!/^[\w.-]+$/.test(name)) throw new CliError('--name must be a plain file name (letters, digits, . _ -)');
  const flags: ArchitectureFlags = {
    ...(args.options.has('seq-len') ? { seq_len: intOption(args, 'seq-len', 1, 1, 1 << 20) } : {}),
    ...(args.options.has('num-heads') ? { num_heads: intOption(args, 'num-heads', 1, 1, 1024) } : {}),
    ...(args.options.has('h-cycles') ? { H_cycles: intOption(args, 'h-cycles', 1, 1, 64) } : {}),
    ...(args.options.has('l-cycles') ? { L_cycles: intOption(args, 'l-cycles', 1, 1, 64) } : {}),
    ...(args.options.has('halt-max-steps') ? { halt_max_steps: intOption(args, 'halt-max-steps', 1, 1, 64) } : {}),
    ...(args.options.has('pos-encodings') ? { pos_encodings: choiceOption(args, 'pos-encodings', ['rope', 'learned', 'none'] as const, 'rope') } : {}),
    ...(args.options.has('puzzle-emb-len') ? { puzzle_emb_len: intOption(args, 'puzzle-emb-len', 0, 0, 4096) } : {}),
  };
  const kind = args.options.has('kind') ? (choiceOption(args, 'kind', ['sudoku', 'maze', 'arc'] as const, 'sudoku') as PuzzleKind) : undefined;
  const config = stringOption(args, 'config');
  const data = stringOption(args, 'data');
  const result = await importReferenceCheckpoint({
    checkpoint,
    out,
    name,
    flags,
    ...(config ? { configPath: config } : {}),
    ...(data ? { dataDir: data } : {}),
    ...(kind ? { kind } : {}),
    command: `trm import ${argv.join(' ')}`,
  });
  for (const w of result.warnings) io.err(`warning: ${w}`);
  if (result.arc) io.out(`ARC tasks: ${result.arc.found} of ${result.arc.baseNames} named in identifiers.json found and mapped to their embedding rows\n`);
  const c = result.architecture.config;
  io.out(
    `${result.modelPath}: ${result.card.kind} ${result.card.canvas.rows}x${result.card.canvas.cols}, ` +
      `${c.mixer}${c.mixer === 'attention' ? ` (${c.posEncodings})` : ''}, D=${c.hiddenSize}, ${c.lLayers} layers, T=${c.hCycles}, n=${c.lCycles}, ` +
      `N_sup=${c.haltMaxSteps}, puzzle-embedding prefix ${c.puzzleEmbLen}, ${result.card.parameterCount} parameters ` +
      `(${result.format} checkpoint, keys ${result.keyPrefix || '(no prefix)'}*; kind from ${result.kindReason})\n`,
  );
  return 0;
}
