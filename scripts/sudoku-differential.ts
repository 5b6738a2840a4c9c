/**
 * The nightly-size differential run of the exact sudoku solver against the independent oracle: the same
 * check as the `npm test` suite (test/unit/puzzles/sudoku-differential.ts), with any seed and size.
 *   npm run test:sudoku-nightly -- --seed 7 --count 200000
 * `--count` is the number of cases wanted (about; split over 4x4, 6x6 and 9x9 in the test suite's mix).
 * Prints the cases per verdict and per kind, and every mismatch; exits 1 on any.
 */
import { parseArgs } from 'node:util';
import { describeReport, runDifferential, TEST_PLANS } from '../test/unit/puzzles/sudoku-differential';

const { values } = parseArgs({ options: { seed: { type: 'string', default: String(Date.now() % 1_000_000) }, count: { type: 'string', default: '100000' } } });
const seed = Number(values.seed);
const count = Number(values.count);
if (!Number.isInteger(seed) || seed < 0 || !Number.isInteger(count) || count < 1) {
  console.error('usage: sudoku-differential [--seed N] [--count N]   (non-negative integers)');
  process.exit(2);
}

// The test suite's plans make this many cases per unit of scale.
const perScale = TEST_PLANS.reduce((sum, p) => sum + p.randomRemoval + p.minimal * (2 + p.lessOnePerMinimal), 0);
const scale = count / perScale;
const plans = TEST_PLANS.map((p) => ({ ...p, randomRemoval: Math.round(p.randomRemoval * scale), minimal: Math.max(1, Math.round(p.minimal * scale)) }));
const start = performance.now();
console.log(`seed ${seed}, about ${count} cases`);
const report = runDifferential(plans, seed);
for (const line of describeReport(report)) console.log(line);
for (const m of report.mismatches.slice(20)) console.log(`  MISMATCH ${m.size}x${m.size} ${m.kind} ${m.puzzle}: ${m.problem}`);
console.log(`${((performance.now() - start) / 1000).toFixed(1)} s`);
process.exit(report.mismatches.length ? 1 : 0);
