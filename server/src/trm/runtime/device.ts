/**
 * ONNX Runtime sessions on the device the user asked for: CUDA, WebGPU (Dawn, bundled inside
 * onnxruntime-node's own libonnxruntime: Vulkan on Linux, D3D12 on Windows, Metal on macOS) or the CPU.
 * `auto` tries CUDA, then WebGPU, then the CPU, and takes a GPU only when it is not slower than the CPU for
 * the model at hand, saying why each one it passed over was skipped. onnxruntime-node does not fall back
 * by itself: a session asked for ['cuda', 'cpu'] without the CUDA libraries throws ("Failed to load shared
 * library"), and one asked for WebGPU without an adapter throws ("Failed to get a WebGPU adapter").
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { softwareOnlyAdapterReason } from './adapters';
import { deviceName } from './device-names';

// ONNX Runtime logs a failed CUDA load natively, in colour, to stderr; the reason reaches the user through
// the thrown error instead (fallbackReason, the status bar, the CLI), so only fatal native logs are kept.
ort.env.logLevel = 'fatal';

export type DevicePreference = 'auto' | 'cuda' | 'webgpu' | 'cpu';
export type Device = 'cuda' | 'webgpu' | 'cpu';


export interface DeviceSession {
  session: ort.InferenceSession;
  device: Device;
  /** Why a GPU was not used although the preference allowed it (auto), one clause per GPU passed over. */
  fallbackReason?: string;
  /** The outputs this session leaves in GPU memory (WebGPU only): feed them back as inputs, never read them. */
  onDevice: readonly string[];
}

export interface SessionTuning {
  /** Threads for one op; default: ONNX Runtime's choice (all cores). */
  intraOpThreads?: number;
  /**
   * Let idle pool threads spin for work (ONNX Runtime's default). Off for the editor: spinning threads
   * compete with the editor and the language server for the same cores, and measured here the median
   * step time under load was steadier without it.
   */
  allowSpinning?: boolean;
}

export interface DeviceChoice {
  /** Outputs to leave in GPU memory on WebGPU (the carried state fed back into the next run). */
  keepOnDevice?: readonly string[];
  /**
   * One representative run of the session (e.g. a supervision step at batch 1). Under `auto` it is timed on
   * each GPU that loads, against the CPU, and a GPU slower than the CPU is passed over.
   */
  probe?: (session: ort.InferenceSession, onDevice: readonly string[]) => Promise<void>;
}

function sessionOptions(providers: ort.InferenceSession.ExecutionProviderConfig[], tuning: SessionTuning, onDevice: readonly string[] = []): ort.InferenceSession.SessionOptions {
  const options: ort.InferenceSession.SessionOptions = {
    executionProviders: providers,
    graphOptimizationLevel: 'all',
    // Native warnings go to stderr; 3 = errors only keeps the language server's log readable.
    logSeverityLevel: 3,
  };
  if (tuning.intraOpThreads !== undefined) options.intraOpNumThreads = tuning.intraOpThreads;
  if (tuning.allowSpinning === false) options.extra = { session: { intra_op: { allow_spinning: '0' } } };
  if (onDevice.length) options.preferredOutputLocation = Object.fromEntries(onDevice.map((name) => [name, 'gpu-buffer' as const]));
  return options;
}

/** The first line of ONNX Runtime's error, without the ANSI colour codes of its native log. */
export function shortOrtError(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\u001b\[[0-9;]*m/g, '');
  return clean.split('\n')[0]!.slice(0, 300);
}

/** Dawn warns on every start when XDG_RUNTIME_DIR is unset or not a folder: give it a private one. */
function ensureRuntimeDir(): void {
  if (process.env.XDG_RUNTIME_DIR) return;
  const dir = join(tmpdir(), `trm-xdg-${process.getuid?.() ?? 'user'}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env.XDG_RUNTIME_DIR = dir;
}

function cpuSession(model: Uint8Array, tuning: SessionTuning): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(model, sessionOptions(['cpu'], tuning));
}

type Attempt = { ok: true; session: ort.InferenceSession; onDevice: readonly string[] } | { ok: false; reason: string };

async function tryGpu(device: 'cuda' | 'webgpu', model: Uint8Array, tuning: SessionTuning, choice: DeviceChoice): Promise<Attempt> {
  try {
    if (device === 'cuda') return { ok: true, session: await ort.InferenceSession.create(model, sessionOptions(['cuda', 'cpu'], tuning)), onDevice: [] };
    ensureRuntimeDir();
    const onDevice = choice.keepOnDevice ?? [];
    return { ok: true, session: await ort.InferenceSession.create(model, sessionOptions([{ name: 'webgpu' }, 'cpu'], tuning, onDevice)), onDevice };
  } catch (e) {
    return { ok: false, reason: `${deviceName(device)} is not available: ${shortOrtError(e)}` };
  }
}

/** Best of two timed runs after one untimed one (which compiles kernels and shaders), in milliseconds. */
export async function timeProbe(probe: NonNullable<DeviceChoice['probe']>, session: ort.InferenceSession, onDevice: readonly string[]): Promise<number> {
  await probe(session, onDevice);
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const started = performance.now();
    await probe(session, onDevice);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

export async function createDeviceSession(model: Uint8Array, preference: DevicePreference, tuning: SessionTuning = {}, choice: DeviceChoice = {}): Promise<DeviceSession> {
  if (preference === 'cpu') return { session: await cpuSession(model, tuning), device: 'cpu', onDevice: [] };
  if (preference === 'cuda' || preference === 'webgpu') {
    const attempt = await tryGpu(preference, model, tuning, choice);
    if (!attempt.ok) throw new Error(`${attempt.reason} (the device setting is "${preference}"; set it to "auto" or "cpu" to run on the CPU)`);
    return { session: attempt.session, device: preference, onDevice: attempt.onDevice };
  }

  const skipped: string[] = [];
  let cpu: { session: ort.InferenceSession; ms?: number } | undefined;
  for (const device of ['cuda', 'webgpu'] as const) {
    if (device === 'webgpu') {
      const software = softwareOnlyAdapterReason();
      if (software) {
        skipped.push(`WebGPU skipped: ${software}`);
        continue;
      }
    }
    const attempt = await tryGpu(device, model, tuning, choice);
    if (!attempt.ok) {
      skipped.push(attempt.reason);
      continue;
    }
    if (!choice.probe) return { session: attempt.session, device, onDevice: attempt.onDevice, ...reasonOf(skipped) };
    cpu ??= { session: await cpuSession(model, tuning) };
    cpu.ms ??= await timeProbe(choice.probe, cpu.session, []);
    let gpuMs: number;
    try {
      gpuMs = await timeProbe(choice.probe, attempt.session, attempt.onDevice);
    } catch (e) {
      await attempt.session.release();
      skipped.push(`${deviceName(device)} failed a test step: ${shortOrtError(e)}`);
      continue;
    }
    if (gpuMs <= cpu.ms) {
      await cpu.session.release();
      return { session: attempt.session, device, onDevice: attempt.onDevice, ...reasonOf(skipped) };
    }
    await attempt.session.release();
    skipped.push(`${deviceName(device)} skipped: slower than the CPU for this model (${formatMs(gpuMs)} a step against ${formatMs(cpu.ms)})`);
  }
  return { session: cpu?.session ?? (await cpuSession(model, tuning)), device: 'cpu', onDevice: [], ...reasonOf(skipped) };
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`;
}

function reasonOf(skipped: string[]): { fallbackReason?: string } {
  return skipped.length ? { fallbackReason: skipped.join('; ') } : {};
}
