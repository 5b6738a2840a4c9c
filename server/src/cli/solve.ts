/** `trm solve FILE`: prints the solved puzzle in the file's own format (exact solver until a model is given). */
import type { TextEditSpec } from '../puzzles/types';
import { applyTextEdits } from '../util/textEdits';
import { formatProblem } from './check';
import { CliError, readPuzzleFile } from './io';

export function solveCommand(path: string | undefined, out: (text: string) => void): number {
  if (!path) throw new CliError('usage: trm solve FILE');
  const file = readPuzzleFile(path);
  const errors = file.language.diagnose(file.parsed).filter((p) => p.severity === 'error');
  const blocking = errors.filter((p) => !p.code.endsWith('/no-solution'));
  if (blocking.length > 0) throw new CliError(['cannot solve: the file has errors', ...blocking.map((p) => formatProblem(path, p))].join('\n'), 1);

  const instances = file.language.instances(file.parsed);
  if (instances.length === 0) throw new CliError(`${path}: nothing to solve`, 1);
  const edits: TextEditSpec[] = [];
  for (const instance of instances) {
    const result = file.language.exactSolve(file.parsed, instance.index);
    switch (result.status) {
      case 'unique':
        edits.push(...file.language.writeAnswer(file.parsed, instance.index, result.answer));
        break;
      case 'multiple':
        throw new CliError(`${path}: ${instance.label} has more than one solution`, 1);
      case 'none':
        throw new CliError(`${path}: ${instance.label} has no solution: ${result.reason}`, 1);
      case 'unsupported':
        throw new CliError(`${path}: ${result.reason} (pass --model to solve it with a TRM)`, 1);
    }
  }
  out(applyTextEdits(file.text, edits));
  return 0;
}
