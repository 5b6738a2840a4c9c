import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeReport, runDifferential, TEST_PLANS } from './sudoku-differential';

// The nightly-size run of the same check, with any seed: `npm run test:sudoku-nightly -- --seed N --count N`.
const SEED = 20261201;

describe('exact sudoku solver against the independent oracle', () => {
  it('gives the oracle\'s verdict and solution on 20,000+ seeded 4x4, 6x6 and 9x9 puzzles', () => {
    const report = runDifferential(TEST_PLANS, SEED);
    const log = describeReport(report);
    console.log(log.join('\n'));
    assert.ok(report.cases >= 20_000, `only ${report.cases} cases`);
    for (const size of [4, 6, 9]) {
      for (const verdict of ['none', 'unique', 'several']) {
        assert.ok((report.byVerdict.get(`${size}x${size} ${verdict}`) ?? 0) >= 50, `too few ${size}x${size} ${verdict} cases`);
      }
    }
    assert.ok(report.minimalGivens.get(9)!.min <= 23, 'the minimal 9x9 puzzles reach the hard end');
    assert.deepEqual(report.mismatches, [], log.join('\n'));
  });
});
