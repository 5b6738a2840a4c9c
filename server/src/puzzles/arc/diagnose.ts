/**
 * Every diagnostic of an ARC task: the parse problems (JSON syntax, task structure, grids), empty
 * sections, and test outputs whose shape contradicts what every demonstration does.
 *
 * The shape rule: when every demonstration's output has its input's shape, a test output of another
 * shape than its input is suspicious; otherwise, when every demonstration's output has one fixed shape,
 * a test output of another shape is. Either is a warning, since a task may break the pattern on purpose.
 */
import type { Problem } from '../types';
import type { ArcDocument, ArcGrid } from './parse';

export function diagnoseArc(doc: ArcDocument): Problem[] {
  const problems = [...doc.problems];
  if (!doc.syntaxOk || !doc.root || doc.root.type !== 'object') return problems;
  const rootLine = doc.lines.rangeOf(doc.root.offset, 1);
  if (doc.train.length === 0 && !problems.some((p) => p.code === 'arc/missing-train' || p.code === 'arc/not-an-array')) {
    problems.push({ range: rootLine, severity: 'warning', code: 'arc/no-train-pairs', message: 'The task has no demonstration pairs in "train".' });
  }
  if (doc.test.length === 0 && !problems.some((p) => p.code === 'arc/missing-test' || p.code === 'arc/not-an-array')) {
    problems.push({ range: rootLine, severity: 'warning', code: 'arc/no-test-pairs', message: 'The task has no test pairs in "test": there is nothing to solve.' });
  }

  const demos = doc.train.filter((p) => p.input?.values && p.output?.values);
  if (demos.length === 0) return problems;
  const keepsShape = demos.every((p) => sameShape(p.input!, p.output!));
  const firstOut = demos[0]!.output!;
  const fixedShape = demos.every((p) => sameShape(p.output!, firstOut));
  for (const pair of doc.test) {
    const { input, output } = pair;
    if (!input?.values || !output?.values) continue;
    const label = `test ${pair.index + 1}`;
    if (keepsShape && !sameShape(input, output)) {
      problems.push({
        range: output.range,
        severity: 'warning',
        code: 'arc/test-output-shape',
        message: `Every demonstration's output has its input's shape, but the ${label} output is ${shape(output)} for a ${shape(input)} input.`,
      });
    } else if (!keepsShape && fixedShape && !sameShape(output, firstOut)) {
      problems.push({
        range: output.range,
        severity: 'warning',
        code: 'arc/test-output-shape',
        message: `Every demonstration's output is ${shape(firstOut)}, but the ${label} output is ${shape(output)}.`,
      });
    }
  }
  return problems;
}

function sameShape(a: ArcGrid, b: ArcGrid): boolean {
  return a.rows === b.rows && a.cols === b.cols;
}

function shape(g: ArcGrid): string {
  return `${g.rows}x${g.cols}`;
}
