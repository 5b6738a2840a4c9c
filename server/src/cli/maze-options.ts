/** Maze options `trm train` and `trm generate` share, so both read and refuse them alike. */
import { numberOption, type ParsedArgs } from './args';
import { CliError } from './io';

/** --min-path F: a kept maze's shortest path is at least F x rows x cols steps; undefined when absent. */
export function minPathOption(args: ParsedArgs, kind: string): number | undefined {
  if (args.options.has('min-path') && kind !== 'maze') throw new CliError('--min-path is for --kind maze');
  return numberOption(args, 'min-path', (n) => n >= 0 && n <= 1, "a fraction of the maze's cells from 0 to 1, e.g. 0.15");
}
