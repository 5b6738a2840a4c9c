/** The task an adaptation learns, read from an ARC document the editor or the CLI parsed. */
import type { ArcDocument } from '../../puzzles/arc';
import type { ColourGrid } from '../data/arc/tasks';
import type { AdaptTask } from './adapt';

/** The demonstrations and test inputs, or why this document cannot be learned (a missing grid, say). */
export function adaptTaskFromDocument(doc: ArcDocument): AdaptTask | { error: string } {
  if (!doc.syntaxOk) return { error: 'the task file is not valid JSON' };
  const train: { input: ColourGrid; output: ColourGrid }[] = [];
  for (const p of doc.train) {
    const input = p.input?.values;
    const output = p.output?.values;
    if (!input || !output) return { error: `demonstration ${p.index + 1} lacks ${input ? 'a valid output' : 'a valid input'} grid` };
    train.push({ input, output });
  }
  if (train.length === 0) return { error: 'the task has no demonstration pairs to learn from' };
  const testInputs: ColourGrid[] = [];
  for (const p of doc.test) {
    const input = p.input?.values;
    if (!input) return { error: `test ${p.index + 1} lacks a valid input grid` };
    testInputs.push(input);
  }
  if (testInputs.length === 0) return { error: 'the task has no test input to answer' };
  return { train, testInputs };
}

/** The side of the square canvas the task needs: every grid fits it in any orientation. */
export function adaptTaskSide(task: AdaptTask): number {
  const grids = [...task.train.flatMap((p) => [p.input, p.output]), ...task.testInputs];
  return Math.max(...grids.map((g) => Math.max(g.length, g[0]!.length)));
}
