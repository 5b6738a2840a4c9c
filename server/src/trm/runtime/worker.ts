/**
 * The model worker thread: hosts ONNX Runtime sessions and runs the ACT loop off the language server's
 * event loop. Solve requests that wait together for the same model and options are run as one batch;
 * a cancelled request leaves its batch at the next supervision step.
 */
import { parentPort } from 'node:worker_threads';
import { runAct, type ActOptions } from './act';
import { ModelHost } from './model-host';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { runAdapt } from './worker-adapt';

type SolveRequest = Extract<WorkerRequest, { type: 'solve' }>;

const port = parentPort;
if (!port) throw new Error('trm-worker must run as a worker thread');

const host = new ModelHost();
const queue: SolveRequest[] = [];
const cancelled = new Set<number>();
let running = false;

function reply(message: WorkerResponse): void {
  port!.postMessage(message);
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function sameBatch(a: SolveRequest, b: SolveRequest): boolean {
  const key = (o: ActOptions) => `${o.maxSteps}/${o.haltEarly}/${o.perCycle}`;
  return a.path === b.path && key(a.options) === key(b.options);
}

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  try {
    while (queue.length > 0) {
      const head = queue[0]!;
      const batch = queue.filter((r) => sameBatch(r, head));
      for (const r of batch) queue.splice(queue.indexOf(r), 1);
      await runBatch(batch);
    }
  } finally {
    running = false;
    await host.releaseRetired();
  }
}

async function runBatch(batch: SolveRequest[]): Promise<void> {
  const model = host.get(batch[0]!.path);
  if (!model) {
    for (const r of batch) reply({ type: 'failed', id: r.id, message: `no model loaded from ${r.path}` });
    return;
  }
  const sequences = batch.flatMap((r) => r.sequences.map((s) => ({ ...s, cancelled: () => cancelled.has(r.id) })));
  const started = performance.now();
  try {
    const traces = await runAct(model.session, model.config, sequences, batch[0]!.options, model.onDevice);
    const ms = performance.now() - started;
    let offset = 0;
    for (const r of batch) {
      const mine = traces.slice(offset, offset + r.sequences.length);
      offset += r.sequences.length;
      if (cancelled.delete(r.id) || mine.some((t) => t === null)) reply({ type: 'cancelled', id: r.id });
      else reply({ type: 'solved', id: r.id, traces: mine.map((t) => t!), ms, device: model.info.device, batchSize: sequences.length });
    }
  } catch (e) {
    for (const r of batch) {
      cancelled.delete(r.id);
      reply({ type: 'failed', id: r.id, message: `the model failed: ${describe(e)}` });
    }
  }
}

// The client posts the requests of one turn as one message: all of them are queued before a batch starts.
port.on('message', (messages: WorkerRequest[]) => {
  for (const message of messages) handle(message);
});

function handle(message: WorkerRequest): void {
  switch (message.type) {
    case 'load':
      host.load(message.path, message.device).then(
        async (info) => {
          if (!running) await host.releaseRetired();
          reply({ type: 'loaded', id: message.id, info });
        },
        (e: unknown) => reply({ type: 'failed', id: message.id, message: describe(e) }),
      );
      return;
    case 'unload':
      host.unload(message.path);
      if (!running) void host.releaseRetired();
      reply({ type: 'unloaded', id: message.id });
      return;
    case 'solve':
      queue.push(message);
      // Let requests of later messages already delivered join this batch too.
      setImmediate(() => void drain());
      return;
    case 'adapt':
      void runAdapt(message.id, message.request, reply, () => cancelled.has(message.id)).finally(() => cancelled.delete(message.id));
      return;
    case 'cancel': {
      const waiting = queue.findIndex((r) => r.id === message.id);
      if (waiting >= 0) {
        queue.splice(waiting, 1);
        reply({ type: 'cancelled', id: message.id });
      } else {
        cancelled.add(message.id);
      }
      return;
    }
  }
}
