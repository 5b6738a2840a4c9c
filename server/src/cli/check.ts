/** `trm check FILE...`: diagnostics as `file:line:col: severity: message`; exit 1 when any error is found. */
import { capProblems } from '../puzzles/common/limits';
import type { Problem } from '../puzzles/types';
import { CliError, readPuzzleFile } from './io';

export function formatProblem(path: string, p: Problem): string {
  return `${path}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity}: ${p.message} [${p.code}]`;
}

export function checkCommand(paths: string[], out: (line: string) => void, err: (line: string) => void): number {
  if (paths.length === 0) throw new CliError('usage: trm check FILE...');
  let errors = 0;
  for (const path of paths) {
    try {
      const file = readPuzzleFile(path);
      // Capped like the editor's diagnostics: a file of a million bad characters prints a screenful, not a million lines.
      for (const problem of capProblems(file.language.diagnose(file.parsed))) {
        out(formatProblem(path, problem));
        if (problem.severity === 'error') errors++;
      }
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      err(e.message);
      errors++;
    }
  }
  return errors > 0 ? 1 : 0;
}
