/**
 * The reference ARC evaluation (TinyRecursiveModels evaluators/arc.py): every augmented version of a test
 * input is answered, each answer cropped (the largest top-left rectangle of colours) and mapped back by the
 * inverse of its puzzle's augmentation (named in identifiers.json), then for each test pair the distinct
 * answers are ranked by how many versions gave them, ties by their mean sigmoid(q_halt); pass@K counts a pair
 * solved when the true output is among the top K, a task by the fraction of its pairs solved; the submission
 * holds the top two (attempt_1, attempt_2, the first repeated when there is one).
 */
import { inverseDihedral } from '../../puzzles/common/grid';

export const PASS_KS = [1, 2, 5, 10, 100, 1000] as const;
const SEPARATOR = '|||';

export interface ArcAnswer {
  /** Puzzle-embedding row the answer was made with. */
  puzzleId: number;
  /** The model's input and answer tokens on the square canvas. */
  input: ArrayLike<number>;
  answer: ArrayLike<number>;
  /** q_halt logit at the last step. */
  qHalt: number;
}

export interface ArcTestTask {
  test: { input: number[][]; output?: number[][] }[];
}

export interface ArcEvaluation {
  /** pass@K over the test tasks (each task the fraction of its test pairs solved). */
  passAt: Record<number, number>;
  submission: Record<string, { attempt_1: number[][]; attempt_2: number[][] }[]>;
  tasks: number;
  /** Test pairs no answer was given for. */
  unanswered: number;
}

/** The reference `_crop`, as colours. */
export function cropArc(tokens: ArrayLike<number>, side: number): number[][] {
  let best = { area: 0, rows: 0, cols: 0 };
  let width = side;
  for (let r = 1; r <= side; r++) {
    for (let c = 1; c <= width; c++) {
      const x = Number(tokens[(r - 1) * side + (c - 1)]);
      if (x < 2 || x > 11) {
        width = c - 1;
        break;
      }
    }
    if (r * width > best.area) best = { area: r * width, rows: r, cols: width };
  }
  return Array.from({ length: best.rows }, (_, r) => Array.from({ length: best.cols }, (_, c) => Number(tokens[r * side + c]) - 2));
}

/** The task name of an identifier and the map that undoes its augmentation ("name|||t<k>|||<10 digits>"). */
export function inverseAugmentation(identifier: string): { task: string; restore: (grid: number[][]) => number[][] } {
  const parts = identifier.split(SEPARATOR);
  if (parts.length < 3) return { task: identifier, restore: (g) => g };
  const [tid, perm] = parts.slice(-2) as [string, string];
  const k = Number(tid.slice(1));
  const mapping = [...perm].map(Number);
  if (!/^t[0-7]$/.test(tid) || mapping.length !== 10 || [...mapping].sort().join('') !== '0123456789') {
    throw new Error(`identifier ${identifier} does not name a dihedral transform and a colour permutation`);
  }
  // The reference's inv_perm = argsort(perm): inverse[mapping[c]] = c.
  const inverse = new Array<number>(10);
  mapping.forEach((to, from) => (inverse[to] = from));
  return { task: parts[0]!, restore: (g) => inverseDihedral(g, k).map((row) => row.map((c) => inverse[c]!)) };
}

const keyOf = (grid: number[][]): string => `${grid.length}x${grid[0]?.length ?? 0}:${grid.map((r) => r.join('')).join('/')}`;

export function evaluateArc(
  answers: readonly ArcAnswer[],
  identifiers: readonly string[],
  testTasks: Readonly<Record<string, ArcTestTask>>,
  side: number,
  submissionK = 2,
): ArcEvaluation {
  const grids = new Map<string, number[][]>();
  /** task -> input key -> [answer key, sigmoid(q)] in answer order. */
  const votes = new Map<string, Map<string, [string, number][]>>();
  for (const a of answers) {
    if (a.puzzleId === 0) continue; // the blank row pads batches in the reference
    const name = identifiers[a.puzzleId];
    if (name === undefined) throw new Error(`puzzle id ${a.puzzleId} is not in identifiers.json`);
    const { task, restore } = inverseAugmentation(name);
    const inputKey = keyOf(restore(cropArc(a.input, side)));
    const answer = restore(cropArc(a.answer, side));
    const key = keyOf(answer);
    grids.set(key, answer);
    const byInput = votes.get(task) ?? new Map<string, [string, number][]>();
    votes.set(task, byInput);
    byInput.set(inputKey, [...(byInput.get(inputKey) ?? []), [key, 1 / (1 + Math.exp(-a.qHalt))]]);
  }
  const correct = PASS_KS.map(() => 0);
  const submission: ArcEvaluation['submission'] = {};
  let unanswered = 0;
  const names = Object.keys(testTasks);
  for (const name of names) {
    const task = testTasks[name]!;
    submission[name] = [];
    const solved = PASS_KS.map(() => 0);
    for (const pair of task.test) {
      const preds = votes.get(name)?.get(keyOf(pair.input)) ?? [];
      if (preds.length === 0) {
        unanswered++;
        continue;
      }
      const stats = new Map<string, [number, number]>();
      for (const [key, q] of preds) {
        const s = stats.get(key) ?? [0, 0];
        stats.set(key, [s[0] + 1, s[1] + q]);
      }
      // Python's sorted(..., key=[count, mean q], reverse=True): stable, so first-seen wins exact ties.
      const ranked = [...stats.entries()]
        .map(([key, [n, sum]]) => ({ key, n, mean: sum / n }))
        .sort((x, y) => y.n - x.n || y.mean - x.mean);
      const label = pair.output ? keyOf(pair.output) : undefined;
      PASS_KS.forEach((k, i) => {
        if (label !== undefined && ranked.slice(0, k).some((r) => r.key === label)) solved[i]!++;
      });
      const top = ranked.slice(0, submissionK).map((r) => grids.get(r.key)!);
      while (top.length < submissionK) top.push(top[0]!);
      submission[name].push({ attempt_1: top[0]!, attempt_2: top[1]! });
    }
    PASS_KS.forEach((_, i) => (correct[i]! += solved[i]! / task.test.length));
  }
  const passAt: Record<number, number> = {};
  PASS_KS.forEach((k, i) => (passAt[k] = names.length ? correct[i]! / names.length : 0));
  return { passAt, submission, tasks: names.length, unanswered };
}
