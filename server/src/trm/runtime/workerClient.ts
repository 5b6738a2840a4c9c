/**
 * The language server's handle on the model worker thread: request/response by id, cancellation, and a
 * fresh worker if the old one dies (its pending requests fail with the reason instead of hanging).
 */
import { Worker } from 'node:worker_threads';
import type { ActOptions, ActTrace } from './act';
import type { Device, DevicePreference } from './device';
import type { ModelInfo, WorkerRequest, WorkerResponse } from './protocol';

export class SolveCancelledError extends Error {
  override name = 'SolveCancelledError';
  constructor() {
    super('the solve was cancelled');
  }
}

export interface CancellationSignal {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface WorkerSolveResult {
  traces: ActTrace[];
  ms: number;
  device: Device;
  batchSize: number;
}

type Pending = { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void };
type RequestBody<T extends WorkerRequest['type']> = Omit<Extract<WorkerRequest, { type: T }>, 'id'>;

export class ModelWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly workerScript: string,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript);
    worker.on('message', (message: WorkerResponse) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      waiting.resolve(message);
    });
    const fail = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.log(`model worker stopped: ${why}`);
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(new Error(`the model worker stopped (${why})`));
      }
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    // An idle worker must not keep a process alive on its own; one with requests in flight must.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private request<T extends WorkerRequest['type']>(body: RequestBody<T>, onId?: (id: number) => void): Promise<WorkerResponse> {
    const id = this.nextId++;
    onId?.(id);
    return new Promise<WorkerResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const worker = this.ensureWorker();
      worker.ref();
      worker.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  async load(path: string, device: DevicePreference): Promise<ModelInfo> {
    const r = await this.request<'load'>({ type: 'load', path, device });
    if (r.type === 'loaded') return r.info;
    throw new Error(r.type === 'failed' ? r.message : `unexpected reply ${r.type}`);
  }

  async unload(path: string): Promise<void> {
    if (!this.worker) return;
    await this.request<'unload'>({ type: 'unload', path });
  }

  async solve(
    path: string,
    sequences: { tokens: Int32Array; puzzleId?: number }[],
    options: ActOptions,
    token?: CancellationSignal,
  ): Promise<WorkerSolveResult> {
    if (token?.isCancellationRequested) throw new SolveCancelledError();
    let requestId = 0;
    const subscription = token?.onCancellationRequested(() => {
      if (requestId && this.pending.has(requestId)) this.worker?.postMessage({ type: 'cancel', id: requestId } satisfies WorkerRequest);
    });
    try {
      const r = await this.request<'solve'>({ type: 'solve', path, sequences, options }, (id) => (requestId = id));
      switch (r.type) {
        case 'solved':
          return { traces: r.traces, ms: r.ms, device: r.device, batchSize: r.batchSize };
        case 'cancelled':
          throw new SolveCancelledError();
        case 'failed':
          throw new Error(r.message);
        default:
          throw new Error(`unexpected reply ${r.type}`);
      }
    } finally {
      subscription?.dispose();
    }
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new Error('the model worker was shut down'));
    }
    await worker?.terminate();
  }
}
