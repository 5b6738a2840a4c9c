/**
 * Fuzzing the bundled server over stdio (seeded, about a minute): the shapes that once killed it (issue 10)
 * and then random documents, edits, malformed notifications and requests of every kind, sizes up to 10 MB.
 * After every case the server must be running, have answered each request properly, have published the
 * document's diagnostics and answer a hover on another document, within a liveness bound of 30 s (generous:
 * a bound on hanging, not a speed goal; speed lives in the bench). Its peak memory must stay bounded.
 * `TRM_FUZZ_SEED` and `TRM_FUZZ_COUNT` replay or widen a run; `npm run soak` is the long version.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FuzzCases, knownShapes, type FuzzCase } from './fuzz/cases';
import { FuzzDriver } from './fuzz/driver';

const SEED = Number(process.env.TRM_FUZZ_SEED ?? 20261201);
const COUNT = Number(process.env.TRM_FUZZ_COUNT ?? 400);
const LIVENESS_MS = 30_000;
/** Far above what the server needs (a few hundred MB for a 10 MB document), far below unbounded growth. */
const PEAK_RSS_LIMIT = 2 * 1024 ** 3;

describe(`fuzzing the server (seed ${SEED}, ${COUNT} random cases)`, () => {
  let driver: FuzzDriver;
  before(async () => {
    driver = await FuzzDriver.start(LIVENESS_MS);
  });
  after(async () => {
    await driver.stop();
  });

  it('stays alive and answers after every case, within bounded memory', { timeout: 15 * 60_000 }, async () => {
    const generator = new FuzzCases(SEED);
    const cases: FuzzCase[] = [...knownShapes(SEED), ...Array.from({ length: COUNT }, () => generator.next())];
    for (const fuzzCase of cases) {
      const outcome = await driver.run(fuzzCase);
      assert.equal(outcome.fault, undefined, `case ${fuzzCase.index} (${fuzzCase.label}), seed ${SEED}: ${outcome.fault?.kind}: ${outcome.fault?.detail}`);
    }
    const peak = driver.peakRssBytes;
    assert.ok(peak > 0, 'the peak RSS of the server could be read');
    assert.ok(peak < PEAK_RSS_LIMIT, `the server's peak RSS was ${(peak / 1024 ** 2).toFixed(0)} MB`);
  });
});
