/**
 * The language server's handle on the model worker thread: request/response by id, cancellation, and a
 * worker that comes back when it dies. Requests in flight when it dies fail with the reason instead of
 * hanging; a fresh worker is started after a back-off, the models the old one held are loaded into it,
 * and requests made meanwhile wait for that. After too many deaths in a short time it gives up and says so.
 */
import { Worker } from 'node:worker_threads';
import type { ActOptions, ActTrace } from './act';
import type { Device, DevicePreference } from './device';
import type { AdaptRequest, ModelInfo, WorkerRequest, WorkerResponse } from './protocol';
import type { AdaptProgress } from '../adapt/adapt';
import type { LearnedTask } from '../adapt/learn-task';

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

/** What happened to the worker, for the status bar and the log. */
export type WorkerEvent =
  | { type: 'stopped'; reason: string; restartInMs: number; models: string[] }
  | { type: 'restarted'; reason: string; reloaded: ModelInfo[]; failed: { path: string; message: string }[] }
  | { type: 'gave-up'; reason: string; deaths: number };

export interface WorkerRestartPolicy {
  /** Wait before the first restart; doubled for every further death inside the window. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Deaths inside `windowMs` after which no further restart is tried. */
  maxDeaths: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: WorkerRestartPolicy = { firstDelayMs: 250, maxDelayMs: 8000, maxDeaths: 5, windowMs: 5 * 60_000 };

/**
 * A model load that takes longer than this is given up, and the worker with it (it may be stuck for good
 * in a read or in ONNX Runtime); loading a shipped model takes well under a second.
 */
export const DEFAULT_LOAD_TIMEOUT_MS = 60_000;

export interface WorkerClientOptions {
  restart?: WorkerRestartPolicy;
  loadTimeoutMs?: number;
}

type Pending = { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void };
type RequestBody<T extends WorkerRequest['type']> = Omit<Extract<WorkerRequest, { type: T }>, 'id'>;

export class ModelWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Progress listeners of adapt requests in flight, by request id. */
  private readonly progress = new Map<number, (p: AdaptProgress) => void>();
  /** Messages of this turn, posted together in one message so the worker sees them at once (see send). */
  private outbox: WorkerRequest[] = [];
  /** The models the current worker holds (path -> device), to load again into a fresh worker. */
  private readonly loaded = new Map<string, DevicePreference>();
  /** Set while a dead worker is being replaced: requests wait for it. */
  private restarting: Promise<void> | undefined;
  private deaths: number[] = [];
  /** Bumped on every death, so a restart notices that the worker it is filling died too. */
  private lives = 0;
  private gaveUp: string | undefined;
  private disposed = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private cancelRestart: (() => void) | undefined;
  private readonly listeners: Array<(event: WorkerEvent) => void> = [];
  /** Ends the current worker as dead, for the given reason (a load that never finished). */
  private killWorker: ((why: string) => void) | undefined;
  private readonly policy: WorkerRestartPolicy;
  private readonly loadTimeoutMs: number;

  constructor(
    private readonly workerScript: string,
    private readonly log: (message: string) => void = () => undefined,
    options: WorkerClientOptions = {},
  ) {
    this.policy = options.restart ?? DEFAULT_RESTART_POLICY;
    this.loadTimeoutMs = options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
  }

  onDidChangeWorker(listener: (event: WorkerEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(event: WorkerEvent): void {
    for (const l of this.listeners) l(event);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript);
    worker.on('message', (message: WorkerResponse) => {
      if (message.type === 'adapt-progress') {
        this.progress.get(message.id)?.(message.progress);
        return;
      }
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      waiting.resolve(message);
    });
    let stopped = false;
    const fail = (why: string) => {
      if (stopped) return;
      stopped = true;
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.outbox = [];
      this.lives++;
      this.log(`model worker stopped: ${why}`);
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(new Error(`the model worker stopped (${why})`));
      }
      this.scheduleRestart(why);
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    this.killWorker = (why) => {
      fail(why);
      void worker.terminate();
    };
    // An idle worker must not keep a process alive on its own; one with requests in flight must.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private scheduleRestart(reason: string): void {
    const now = Date.now();
    this.deaths = [...this.deaths.filter((t) => now - t < this.policy.windowMs), now];
    const models = [...this.loaded.keys()];
    if (this.deaths.length > this.policy.maxDeaths) {
      const minutes = Math.max(1, Math.round(this.policy.windowMs / 60_000));
      this.gaveUp = `the model worker stopped ${this.deaths.length} times within ${minutes === 1 ? 'a minute' : `${minutes} minutes`} (last: ${reason}); restart the language server to try again`;
      this.loaded.clear();
      this.log(this.gaveUp);
      this.emit({ type: 'gave-up', reason, deaths: this.deaths.length });
      return;
    }
    const delay = Math.min(this.policy.maxDelayMs, this.policy.firstDelayMs * 2 ** (this.deaths.length - 1));
    this.emit({ type: 'stopped', reason, restartInMs: delay, models });
    // The timer keeps the process alive: requests may be waiting for the restart (dispose clears it).
    const restarting: Promise<void> = new Promise<void>((resolve) => {
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        void this.restart(reason).finally(resolve);
      }, delay);
      this.cancelRestart = resolve;
    }).finally(() => {
      if (this.restarting === restarting) this.restarting = undefined;
    });
    this.restarting = restarting;
  }

  /** A fresh worker with the models the dead one held; those that no longer load are dropped and reported. */
  private async restart(reason: string): Promise<void> {
    if (this.disposed) return;
    const models = [...this.loaded];
    this.loaded.clear();
    const life = this.lives;
    const reloaded: ModelInfo[] = [];
    const failed: { path: string; message: string }[] = [];
    for (const [i, [path, device]] of models.entries()) {
      try {
        reloaded.push(await this.loadNow(path, device));
      } catch (e) {
        failed.push({ path, message: (e as Error).message });
      }
      if (this.lives !== life) {
        // This worker died too (perhaps loading that model, which is therefore not tried again): the next
        // restart, already scheduled, loads the rest.
        for (const [laterPath, laterDevice] of models.slice(i + 1)) this.loaded.set(laterPath, laterDevice);
        return;
      }
    }
    if (this.disposed) return;
    this.log(`model worker restarted after it stopped (${reason}); reloaded ${reloaded.length} of ${models.length} models`);
    this.emit({ type: 'restarted', reason, reloaded, failed });
  }

  /** Posts the request; waits first if a dead worker is being replaced. */
  private async request<T extends WorkerRequest['type']>(body: RequestBody<T>, onId?: (id: number) => void): Promise<WorkerResponse> {
    while (this.restarting) await this.restarting;
    return this.post(body, onId);
  }

  private post<T extends WorkerRequest['type']>(body: RequestBody<T>, onId?: (id: number) => void): Promise<WorkerResponse> {
    if (this.gaveUp) return Promise.reject(new Error(this.gaveUp));
    if (this.disposed) return Promise.reject(new Error('the model worker was shut down'));
    const id = this.nextId++;
    onId?.(id);
    return new Promise<WorkerResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const worker = this.ensureWorker();
      worker.ref();
      this.send({ ...body, id } as WorkerRequest);
    });
  }

  /**
   * Requests made in one turn travel as one message. Posted one by one, they can reach the worker apart
   * (the sending thread may be descheduled between two posts), and the worker would start a batch with only
   * some of them; in one message the worker queues them all before it starts any.
   */
  private send(message: WorkerRequest): void {
    this.outbox.push(message);
    if (this.outbox.length > 1) return;
    queueMicrotask(() => {
      const messages = this.outbox;
      this.outbox = [];
      if (messages.length) this.worker?.postMessage(messages);
    });
  }

  async load(path: string, device: DevicePreference): Promise<ModelInfo> {
    while (this.restarting) await this.restarting;
    return this.loadNow(path, device);
  }

  private async loadNow(path: string, device: DevicePreference): Promise<ModelInfo> {
    let id = 0;
    const replied = this.post<'load'>({ type: 'load', path, device }, (n) => (id = n));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const waiting = this.pending.get(id);
        if (!waiting) return;
        this.pending.delete(id);
        const seconds = (this.loadTimeoutMs / 1000).toFixed(this.loadTimeoutMs % 1000 === 0 ? 0 : 1);
        reject(new Error(`cannot load model ${path}: loading did not finish within ${seconds} s, so it was given up (the model worker was restarted without it)`));
        this.killWorker?.(`loading ${path} did not finish within ${seconds} s`);
      }, this.loadTimeoutMs);
    });
    let r: WorkerResponse;
    try {
      r = await Promise.race([replied, timedOut]);
    } finally {
      clearTimeout(timer);
    }
    if (r.type === 'loaded') {
      this.loaded.set(path, device);
      return r.info;
    }
    throw new Error(r.type === 'failed' ? r.message : `unexpected reply ${r.type}`);
  }

  async unload(path: string): Promise<void> {
    this.loaded.delete(path);
    if (!this.worker) return;
    await this.request<'unload'>({ type: 'unload', path });
  }

  async solve(
    path: string,
    sequences: { tokens: Int32Array; puzzleId?: number }[],
    options: ActOptions,
    token?: CancellationSignal,
  ): Promise<WorkerSolveResult> {
    const r = await this.cancellableRequest<'solve'>({ type: 'solve', path, sequences, options }, token);
    switch (r.type) {
      case 'solved':
        return { traces: r.traces, ms: r.ms, device: r.device, batchSize: r.batchSize };
      case 'failed':
        throw new Error(r.message);
      default:
        throw new Error(`unexpected reply ${r.type}`);
    }
  }

  /**
   * A request the token can cancel: a cancel message goes to the worker for it, and its 'cancelled' reply
   * (or a token cancelled before it was sent) throws SolveCancelledError. `onId` sees the request's id.
   */
  private async cancellableRequest<T extends WorkerRequest['type']>(body: RequestBody<T>, token: CancellationSignal | undefined, onId?: (id: number) => void): Promise<WorkerResponse> {
    if (token?.isCancellationRequested) throw new SolveCancelledError();
    let requestId = 0;
    const subscription = token?.onCancellationRequested(() => {
      if (requestId && this.pending.has(requestId)) this.send({ type: 'cancel', id: requestId });
    });
    try {
      const r = await this.request<T>(body, (id) => {
        requestId = id;
        onId?.(id);
      });
      if (r.type === 'cancelled') throw new SolveCancelledError();
      return r;
    } finally {
      subscription?.dispose();
    }
  }

  /**
   * Learns an ARC task in the worker (or answers from its cached row); null when `cachedOnly` finds none.
   * Cancelling stops the adaptation at its next training step (SolveCancelledError).
   */
  async adapt(request: AdaptRequest, onProgress: (p: AdaptProgress) => void = () => undefined, token?: CancellationSignal): Promise<LearnedTask | null> {
    let requestId = 0;
    try {
      const r = await this.cancellableRequest<'adapt'>({ type: 'adapt', request }, token, (id) => {
        requestId = id;
        this.progress.set(id, onProgress);
      });
      switch (r.type) {
        case 'adapted':
          return r.result;
        case 'failed':
          throw new Error(r.message);
        default:
          throw new Error(`unexpected reply ${r.type}`);
      }
    } finally {
      this.progress.delete(requestId);
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.restartTimer);
    this.cancelRestart?.();
    const worker = this.worker;
    this.worker = undefined;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new Error('the model worker was shut down'));
    }
    await worker?.terminate();
  }
}
