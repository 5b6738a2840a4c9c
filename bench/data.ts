/**
 * Generation and batching rates of the training data (the generators in server/src/puzzles/<kind>/generate,
 * the datasets in server/src/trm/data): puzzles per second for each sudoku size and class and each maze
 * size, and augmented examples per second drawn from each source.
 * Rates are per second of this process's CPU time (one core), which other work on a shared machine
 * disturbs far less than wall-clock time; for sizing dataset builds. Run directly:
 * `node --import tsx bench/data.ts`.
 */
import { fileURLToPath } from 'node:url';
import {
  arcSource,
  buildArcTaskSet,
  loadArcCollection,
  mazeSource,
  sudokuSource,
  type DatasetSource,
} from '../server/src/trm/data';
import { generateSudoku, type SudokuGenerationOptions } from '../server/src/puzzles/sudoku/generate';
import { generateMaze, type MazeGenerationOptions } from '../server/src/puzzles/maze/generate';
import { Rng } from '../server/src/puzzles/common/random';

/** Runs `make` until `seconds` of CPU time have passed (at least `min` times); the rate per CPU second. */
function rate(seconds: number, min: number, make: () => void): { perSecond: number; count: number } {
  const start = process.cpuUsage();
  const used = (): number => {
    const d = process.cpuUsage(start);
    return (d.user + d.system) / 1e6;
  };
  let count = 0;
  while (count < min || used() < seconds) {
    make();
    count++;
  }
  return { perSecond: count / used(), count };
}

function line(label: string, r: { perSecond: number; count: number }, unit: string): void {
  console.log(`${label.padEnd(42)} ${r.perSecond.toFixed(r.perSecond < 10 ? 1 : 0).padStart(8)} ${unit}/s  (${r.count} made)`);
}

const sudokus: SudokuGenerationOptions[] = [
  { size: 4, givens: 6, difficulty: 'singles' },
  { size: 4, givens: 5, difficulty: 'any' },
  { size: 6, givens: 12, difficulty: 'singles' },
  { size: 6, givens: 10, difficulty: 'search' },
  { size: 9, givens: 30, difficulty: 'singles' },
  { size: 9, givens: 26, difficulty: 'singles' },
  { size: 9, givens: 26, difficulty: 'search' },
  { size: 9, givens: 24, difficulty: 'search' },
];
console.log('sudoku generation');
for (const o of sudokus) {
  const rng = new Rng(1, 'bench');
  line(`  ${o.size}x${o.size}, ${o.givens} givens, ${o.difficulty}`, rate(2, 5, () => generateSudoku(o, rng)), 'puzzles');
}

const mazes: MazeGenerationOptions[] = [
  { rows: 30, cols: 30 },
  { rows: 30, cols: 30, loopProbability: 0.1 },
  { rows: 30, cols: 30, algorithm: 'prim', minPathLength: 60 },
  { rows: 15, cols: 15 },
  { rows: 9, cols: 9 },
];
console.log('maze generation');
for (const o of mazes) {
  const rng = new Rng(1, 'bench');
  const label = `  ${o.rows}x${o.cols} ${o.algorithm ?? 'dfs'}, loops ${o.loopProbability ?? 0.05}${o.minPathLength ? `, path >= ${o.minPathLength}` : ''}`;
  line(label, rate(2, 5, () => generateMaze(o, rng)), 'mazes');
}

console.log('batches (augmented examples drawn, batch 256)');
const arcDir = fileURLToPath(new URL('../../shared/data/arc', import.meta.url));
const tasks = loadArcCollection(arcDir, 'arc-agi_training');
const sources: [string, DatasetSource][] = [
  ['sudoku 9x9', sudokuSource({ size: 9, trainSize: 100, evalSize: 10, seed: 1, givens: 28, difficulty: 'any' })],
  ['maze 30x30', mazeSource({ trainSize: 50, evalSize: 5, seed: 1 })],
  ['ARC 30x30, 1 id per task', arcSource(buildArcTaskSet(tasks, { seed: 1 }), { seed: 1 })],
  ['ARC 30x30, 8 ids per task', arcSource(buildArcTaskSet(tasks, { seed: 1, augmentationIds: 8 }), { seed: 1 })],
];
for (const [label, source] of sources) {
  const r = rate(2, 3, () => source.next(256));
  line(`  ${label}`, { perSecond: r.perSecond * 256, count: r.count * 256 }, 'examples');
}
