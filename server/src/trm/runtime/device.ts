/**
 * ONNX Runtime sessions on the device the user asked for. `auto` tries CUDA (with CPU for the ops CUDA
 * lacks) and falls back to CPU alone, saying why: onnxruntime-node does not fall back by itself — a session
 * asked for ['cuda', 'cpu'] without the CUDA libraries throws ("Failed to load shared library").
 */
import * as ort from 'onnxruntime-node';

// ONNX Runtime logs a failed CUDA load natively, in colour, to stderr; the reason reaches the user through
// the thrown error instead (fallbackReason, the status bar, the CLI), so only fatal native logs are kept.
ort.env.logLevel = 'fatal';

export type DevicePreference = 'auto' | 'cuda' | 'cpu';
export type Device = 'cuda' | 'cpu';

export interface DeviceSession {
  session: ort.InferenceSession;
  device: Device;
  /** Why CUDA was not used, when it was wanted (auto) but failed. */
  fallbackReason?: string;
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

function sessionOptions(providers: ort.InferenceSession.ExecutionProviderConfig[], tuning: SessionTuning): ort.InferenceSession.SessionOptions {
  const options: ort.InferenceSession.SessionOptions = {
    executionProviders: providers,
    graphOptimizationLevel: 'all',
    // Native warnings go to stderr; 3 = errors only keeps the language server's log readable.
    logSeverityLevel: 3,
  };
  if (tuning.intraOpThreads !== undefined) options.intraOpNumThreads = tuning.intraOpThreads;
  if (tuning.allowSpinning === false) options.extra = { session: { intra_op: { allow_spinning: '0' } } };
  return options;
}

/** The first line of ONNX Runtime's error, without the ANSI colour codes of its native log. */
export function shortOrtError(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\u001b\[[0-9;]*m/g, '');
  return clean.split('\n')[0]!.slice(0, 300);
}

export async function createDeviceSession(model: Uint8Array, preference: DevicePreference, tuning: SessionTuning = {}): Promise<DeviceSession> {
  if (preference === 'cpu') {
    return { session: await ort.InferenceSession.create(model, sessionOptions(['cpu'], tuning)), device: 'cpu' };
  }
  try {
    const session = await ort.InferenceSession.create(model, sessionOptions(['cuda', 'cpu'], tuning));
    return { session, device: 'cuda' };
  } catch (e) {
    const reason = `CUDA is not available: ${shortOrtError(e)}`;
    if (preference === 'cuda') throw new Error(`${reason} (the device setting is "cuda"; set it to "auto" or "cpu" to run on the CPU)`);
    return { session: await ort.InferenceSession.create(model, sessionOptions(['cpu'], tuning)), device: 'cpu', fallbackReason: reason };
  }
}
