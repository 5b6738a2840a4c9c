/**
 * The model status the client shows in its status bar: per puzzle kind, which model serves it, on which
 * device, how long the last solve took, or why there is none. Sent as the contract's StatusNotification.
 */
import type { ServerContext } from '../context';
import { StatusNotification, type ModelStatus } from '../contract/messages';
import { plural } from '../puzzles/common/text';
import type { PuzzleKind } from '../puzzles/types';
import type { WorkerEvent } from '../trm/runtime/worker-client';
import type { ModelOutcome } from '../trm/runtime/puzzle-solver';
import { deviceName } from '../trm/runtime/device-names';


export function statusOf(kind: PuzzleKind, outcomes: readonly ModelOutcome[]): ModelStatus | undefined {
  const solved = outcomes.find((o) => o.status === 'solved');
  if (solved?.status === 'solved') {
    const s = solved.solution;
    const device = deviceName(s.model.device);
    const detail = [
      `${s.model.name} (${s.model.parameterCount.toLocaleString('en-US')} parameters, ${s.model.canvas.rows}x${s.model.canvas.cols})`,
      `on ${device}${s.model.fallbackReason ? ` — ${s.model.fallbackReason}` : ''}`,
      `last solve: ${s.ms.toFixed(0)} ms, ${plural(s.steps.length, 'supervision step')}`,
      ...(s.model.accuracy ? [`accuracy: ${s.model.accuracy}`] : []),
    ].join('\n');
    return { kind, state: 'ready', text: `${s.model.name} · ${device} · ${s.ms.toFixed(0)} ms`, detail, model: s.model.name, device: s.model.device, lastSolveMs: s.ms };
  }
  const failed = outcomes.find((o) => o.status === 'failed');
  if (failed?.status === 'failed') return { kind, state: 'error', text: 'model error', detail: failed.message };
  const none = outcomes.find((o) => o.status === 'no-model');
  if (none?.status === 'no-model') return { kind, state: 'none', text: `no ${kind} model`, detail: none.reason };
  return undefined;
}

export function sendStatus(ctx: ServerContext, kind: PuzzleKind, outcomes: readonly ModelOutcome[]): void {
  const status = statusOf(kind, outcomes);
  if (status) void ctx.connection.sendNotification(StatusNotification, status);
}

const KINDS: readonly PuzzleKind[] = ['sudoku', 'maze', 'arc'];

/** What a worker death or restart means for each kind: one worker serves them all. */
export function workerStatuses(event: WorkerEvent): ModelStatus[] {
  return KINDS.map((kind): ModelStatus => {
    switch (event.type) {
      case 'stopped':
        return {
          kind,
          state: 'error',
          text: 'model worker restarting',
          detail: `The model worker stopped (${event.reason}); restarting it in ${event.restartInMs} ms and reloading ${plural(event.models.length, 'model')}.`,
        };
      case 'gave-up':
        return { kind, state: 'error', text: 'model worker stopped', detail: `The model worker stopped ${event.deaths} times (last: ${event.reason}), so it is not restarted again: restart the language server (Developer: Reload Window) to use the model.` };
      case 'restarted': {
        const model = event.reloaded.find((m) => m.kind === kind);
        const lost = event.failed.map((f) => f.message);
        const why = `The model worker stopped (${event.reason}) and was restarted`;
        if (model) {
          const device = model.device.toUpperCase();
          return { kind, state: 'ready', text: `${model.name} · ${device} · restarted`, detail: [`${why}; ${model.name} was reloaded on ${device}.`, ...lost].join('\n'), model: model.name, device: model.device };
        }
        return { kind, state: 'ready', text: 'model worker restarted', detail: [`${why}; the ${kind} model loads at the next solve.`, ...lost].join('\n') };
      }
    }
  });
}

export function sendWorkerStatus(ctx: ServerContext, event: WorkerEvent): void {
  for (const status of workerStatuses(event)) void ctx.connection.sendNotification(StatusNotification, status);
}
