/**
 * Benchmark: the same work on every device that loads here — one served supervision step of the shipped
 * sudoku-9x9 model (D=64) at batch 1, 64 and 256, and one training step of the 4x4 tiny preset — as ratios
 * to the CPU measured in the same run (x > 1: faster than the CPU). On WebGPU the served step is timed twice:
 * with y/z left in GPU memory between steps (what the server does) and with them copied back and forth, so
 * the saving of keeping the state on the device is measured too. The paper-sized model (S=81, D=512 mlp_t)
 * at batch 256 is added where a hardware GPU may exist (TRM_BENCH_PAPER=1 forces it; on a software adapter
 * it takes minutes). Median of a few timed runs after one untimed one (which compiles shaders).
 * On a software adapter (lavapipe: no GPU device node) only batch 1 runs on WebGPU, and the training step
 * at batch 16: measured here, three supervision steps at batch 64 take 60-100 s there. TRM_BENCH_FULL=1
 * runs every batch anyway.
 * Run alone: `node --import tsx bench/devices.ts`.
 */
import { join } from 'node:path';
import { trmConfig, type TrmConfig } from '../server/src/trm/model/config';
import { STEP_OUTPUTS } from '../server/src/trm/model/inference-graph';
import { initWeights } from '../server/src/trm/model/init';
import { encodeModel } from '../server/src/trm/model/model-format';
import { loadModelFile } from '../server/src/trm/model/model-file';
import { runAct } from '../server/src/trm/runtime/act';
import { softwareOnlyAdapterReason } from '../server/src/trm/runtime/adapters';
import { createDeviceSession, type Device } from '../server/src/trm/runtime/device';
import { deviceName } from '../server/src/trm/runtime/device-names';
import { TrainingSession } from '../server/src/trm/train/session';

export interface DeviceRow {
  what: string;
  /** Median ms per device (absent: the device did not load). */
  ms: Partial<Record<Device | 'webgpu-copied', number>>;
}

export interface DeviceBench {
  devices: Device[];
  /** Why a GPU is missing from the table. */
  unavailable: string[];
  /** A note on the WebGPU adapter (software or not). */
  adapterNote?: string;
  rows: DeviceRow[];
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Median of up to `runs` timed calls after one untimed one, stopping early past `budgetMs`. */
async function timed(fn: () => Promise<void>, runs: number, budgetMs: number): Promise<number> {
  await fn();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < runs && (times.length === 0 || performance.now() - started < budgetMs)) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

function blankSequences(config: TrmConfig, batch: number) {
  return Array.from({ length: batch }, (_, i) => ({ tokens: Int32Array.from({ length: config.seqLen }, (_, s) => 1 + ((s * 7 + i) % (config.vocabSize - 1))) }));
}

async function servedStepMs(bytes: Uint8Array, config: TrmConfig, device: Device, batch: number, keep: boolean): Promise<number | undefined> {
  const keepOnDevice = keep ? [STEP_OUTPUTS.yOut, STEP_OUTPUTS.zOut] : [];
  let s;
  try {
    s = await createDeviceSession(bytes, device, { intraOpThreads: 2 }, { keepOnDevice });
  } catch {
    return undefined;
  }
  const sequences = blankSequences(config, batch);
  // Three supervision steps per call: the carry crosses between steps twice, which is what staying on the device saves.
  const run = async () => void (await runAct(s.session, config, sequences, { maxSteps: 3, haltEarly: false, perCycle: false }, s.onDevice));
  try {
    return (await timed(run, device === 'cpu' ? 5 : 3, 4000)) / 3;
  } finally {
    await s.session.release();
  }
}

async function trainStepMs(device: Device, batchSize: number): Promise<number | undefined> {
  const config = trmConfig({ seqLen: 16, vocabSize: 6, hiddenSize: 64, numHeads: 4, expansion: 4, hCycles: 2, lCycles: 2, mixer: 'mlp_t', posEncodings: 'none' });
  let session: TrainingSession;
  try {
    session = await TrainingSession.create(config, { batchSize, device, seed: 1, intraOpThreads: 2 });
  } catch {
    return undefined;
  }
  const B = session.batchSize;
  const batch = {
    inputs: Int32Array.from({ length: B * 16 }, (_, i) => 1 + (i % 5)),
    labels: Int32Array.from({ length: B * 16 }, (_, i) => 2 + (i % 4)),
  };
  let carry = session.initialCarry();
  try {
    return await timed(
      async () => {
        carry = { ...(await session.step(batch, carry, 1e-4)).carry, reset: new Uint8Array(B) };
      },
      device === 'cpu' ? 5 : 3,
      6000,
    );
  } finally {
    await session.release();
  }
}

async function availability(): Promise<{ devices: Device[]; unavailable: string[] }> {
  const tiny = trmConfig({ seqLen: 4, vocabSize: 3, hiddenSize: 16, numHeads: 2, expansion: 2, hCycles: 1, lCycles: 1, mixer: 'mlp_t', posEncodings: 'none' });
  const probe = encodeModel(tiny, initWeights(tiny, 0));
  const devices: Device[] = ['cpu'];
  const unavailable: string[] = [];
  for (const device of ['cuda', 'webgpu'] as const) {
    try {
      const s = await createDeviceSession(probe, device);
      await s.session.release();
      devices.push(device);
    } catch (e) {
      unavailable.push((e as Error).message.replace(/ \(the device setting is .*$/, ''));
    }
  }
  return { devices, unavailable };
}

export async function benchDevices(modelsDir: string, onRow: (row: DeviceRow, bench: DeviceBench) => void = () => undefined): Promise<DeviceBench> {
  const { devices, unavailable } = await availability();
  const software = softwareOnlyAdapterReason();
  const full = process.env.TRM_BENCH_FULL === '1' || !software;
  const bench: DeviceBench = { devices, unavailable, ...(software && devices.includes('webgpu') ? { adapterNote: `WebGPU adapter: software (${software}); WebGPU runs batch 1 only` } : {}), rows: [] };
  const rows = bench.rows;
  const cases: { name: string; bytes: Uint8Array; config: TrmConfig; batches: number[] }[] = [];
  const shipped = await loadModelFile(join(modelsDir, 'sudoku-9x9.onnx'));
  cases.push({ name: 'served step, sudoku-9x9 (D=64)', bytes: shipped.bytes, config: shipped.config, batches: [1, 64, 256] });
  if (process.env.TRM_BENCH_PAPER === '1' || (devices.length > 1 && !software)) {
    const paper = trmConfig({ seqLen: 81, vocabSize: 11, hiddenSize: 512, mixer: 'mlp_t', posEncodings: 'none', lCycles: 6 });
    cases.push({ name: 'served step, paper-sized S=81 D=512 mlp_t', bytes: encodeModel(paper, initWeights(paper, 0)), config: paper, batches: [256] });
  }
  for (const c of cases) {
    for (const batch of c.batches) {
      const row: DeviceRow = { what: `${c.name}, batch ${batch}`, ms: {} };
      for (const device of devices) {
        if (device === 'webgpu' && !full && batch > 1) continue;
        const ms = await servedStepMs(c.bytes, c.config, device, batch, true);
        if (ms !== undefined) row.ms[device] = ms;
        if (device === 'webgpu') {
          const copied = await servedStepMs(c.bytes, c.config, device, batch, false);
          if (copied !== undefined) row.ms['webgpu-copied'] = copied;
        }
      }
      rows.push(row);
      onRow(row, bench);
    }
  }
  const trainBatch = full ? 64 : 16;
  const train: DeviceRow = { what: `training step, 4x4 mlp_t D=64, batch ${trainBatch}`, ms: {} };
  for (const device of devices) {
    const ms = await trainStepMs(device, trainBatch);
    if (ms !== undefined) train.ms[device] = ms;
  }
  rows.push(train);
  onRow(train, bench);
  return bench;
}

export function formatDeviceHeader(bench: DeviceBench): string[] {
  return [...bench.unavailable.map((u) => `not measured: ${u}`), ...(bench.adapterNote ? [bench.adapterNote] : [])];
}

export function formatDeviceRow(row: DeviceRow, bench: DeviceBench): string {
  const cpu = row.ms.cpu!;
  const cells = [`CPU ${cpu.toFixed(1)} ms`];
  for (const device of bench.devices.filter((d) => d !== 'cpu')) {
    const ms = row.ms[device];
    if (ms === undefined) continue;
    cells.push(`${deviceName(device)} ${ms.toFixed(1)} ms (x${(cpu / ms).toFixed(2)} of the CPU)`);
    const copied = device === 'webgpu' ? row.ms['webgpu-copied'] : undefined;
    if (copied !== undefined) cells.push(`state copied each step ${copied.toFixed(1)} ms (x${(copied / ms).toFixed(2)} of kept on the GPU)`);
  }
  return `${row.what.padEnd(50)} ${cells.join('   ')}`;
}

/** Runs the device section, printing each row as it is measured. */
export async function printDeviceBench(modelsDir: string, print: (line: string) => void = console.log): Promise<DeviceBench> {
  let headerShown = false;
  return benchDevices(modelsDir, (row, bench) => {
    if (!headerShown) for (const line of formatDeviceHeader(bench)) print(line);
    headerShown = true;
    print(formatDeviceRow(row, bench));
  });
}

if (process.argv[1]?.endsWith('devices.ts')) {
  printDeviceBench(join(__dirname, '..', 'models')).then(
    () => undefined,
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
