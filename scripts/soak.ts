/**
 * The long fuzz run (`npm run soak -- --count N --seed S`): the cases of test/lsp/fuzz.test.ts, 100,000 by
 * default, through the real bundled server over stdio. A server that dies is counted as a crash and one
 * that stops answering within the liveness bound as a hang; either is replaced by a fresh server and the
 * run goes on. Prints crashes, hangs, the other faults, the worst latency of the sentinel hover (how long
 * another document waited after a case) and of a whole case, and the peak RSS of the server process.
 * `--minutes M` stops it after M minutes (and so does Ctrl+C), with the same summary of the cases run so far.
 * Exit 1 when any case failed. `npm run soak` builds first: it runs dist/server.js.
 */
import { FuzzCases, knownShapes, type FuzzCase } from '../test/lsp/fuzz/cases';
import { FuzzDriver, type CaseOutcome, type FaultKind } from '../test/lsp/fuzz/driver';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} needs a whole number`);
    process.exit(2);
  }
  return value;
}

const count = option('count', 100_000);
const seed = option('seed', 20261201);
const livenessMs = option('liveness-ms', 30_000);
const minutes = option('minutes', 0);

let stopAsked: string | undefined;
process.once('SIGINT', () => (stopAsked = 'stopped by SIGINT'));
process.once('SIGTERM', () => (stopAsked = 'stopped by SIGTERM'));

function mb(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(0)} MB`;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
}

async function main(): Promise<void> {
  const started = Date.now();
  const generator = new FuzzCases(seed);
  const known = knownShapes(seed);
  const faults: Array<{ fuzzCase: FuzzCase; fault: NonNullable<CaseOutcome['fault']> }> = [];
  const latencies: number[] = [];
  let worstLatency = { ms: 0, label: '' };
  let worstCase = { ms: 0, label: '' };
  let peak = 0;
  let servers = 1;
  let driver = await FuzzDriver.start(livenessMs);

  const deadline = minutes > 0 ? started + minutes * 60_000 : Infinity;
  let ran = 0;
  for (let i = 0; i < known.length + count; i++) {
    if (Date.now() > deadline) stopAsked = `stopped at the ${minutes}-minute budget`;
    if (stopAsked) break;
    ran++;
    const fuzzCase = i < known.length ? known[i]! : generator.next();
    const outcome = await driver.run(fuzzCase);
    latencies.push(outcome.latencyMs);
    if (outcome.latencyMs > worstLatency.ms) worstLatency = { ms: outcome.latencyMs, label: `case ${fuzzCase.index}: ${fuzzCase.label}` };
    if (outcome.caseMs > worstCase.ms) worstCase = { ms: outcome.caseMs, label: `case ${fuzzCase.index}: ${fuzzCase.label}` };
    if (outcome.fault) {
      faults.push({ fuzzCase, fault: outcome.fault });
      console.log(`FAULT ${outcome.fault.kind} at case ${fuzzCase.index} (${fuzzCase.label}): ${outcome.fault.detail.split('\n')[0]}`);
      if (outcome.fault.kind === 'crash' || outcome.fault.kind === 'hang') {
        peak = Math.max(peak, driver.peakRssBytes);
        await driver.stop().catch(() => undefined);
        driver = await FuzzDriver.start(livenessMs);
        servers++;
      }
    }
    if ((i + 1) % 1000 === 0) {
      peak = Math.max(peak, driver.peakRssBytes);
      console.log(
        `${i + 1} cases, ${faults.length} faults, worst sentinel latency ${worstLatency.ms} ms, slowest case ${worstCase.ms} ms (${worstCase.label.slice(0, 80)}), peak RSS ${mb(peak)}, ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
    }
  }
  peak = Math.max(peak, driver.peakRssBytes);
  await driver.stop();

  const byKind = (kind: FaultKind) => faults.filter((f) => f.fault.kind === kind).length;
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log('');
  const random = Math.max(0, ran - known.length);
  const stopped = stopAsked ? ` (${stopAsked}, after ${random} of the ${count} random cases)` : '';
  console.log(
    `soak: seed ${seed}, ${Math.min(ran, known.length)} known shapes + ${random} random cases in ${((Date.now() - started) / 1000).toFixed(0)} s${stopped} (${servers} server process${servers === 1 ? '' : 'es'})`,
  );
  console.log(`crashes: ${byKind('crash')}`);
  console.log(`hangs (no answer within ${livenessMs} ms): ${byKind('hang')}`);
  console.log(`internal errors on well-formed requests: ${byKind('internal-error')}; malformed requests not refused with InvalidParams: ${byKind('wrong-error')}`);
  console.log(`sentinel hover latency: median ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, worst ${worstLatency.ms} ms (${worstLatency.label})`);
  console.log(`slowest case: ${worstCase.ms} ms (${worstCase.label})`);
  console.log(`peak RSS of the server: ${mb(peak)}`);
  process.exit(faults.length > 0 ? 1 : 0);
}

void main();
