/**
 * `trm`: the headless entry point, running the same domain and model code as the language server.
 *   trm solve FILE        print the solved puzzle in the file's own format
 *   trm check FILE...     print diagnostics; exit 1 when any error is found
 */
import { checkCommand } from './cli/check';
import { CliError } from './cli/io';
import { solveCommand } from './cli/solve';

const USAGE = `usage: trm <command> [options]

commands:
  solve FILE          print the solved puzzle in the file's own format
  check FILE...       print diagnostics as file:line:col: severity: message; exit 1 on any error
`;

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  const err = (text: string) => process.stderr.write(`${text}\n`);
  try {
    switch (command) {
      case 'solve':
        return solveCommand(rest[0], (t) => process.stdout.write(t));
      case 'check':
        return checkCommand(rest, out, err);
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
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
