/**
 * Model answers for open documents, cached per document version: diagnostics, hovers, hints and code
 * actions for one version share one ACT run. A newer version cancels the run of an older one; a reloaded
 * model or changed settings drop the cache.
 */
import type { OpenPuzzle } from '../documents/puzzle-documents';
import type { TrmSettings } from '../settings';
import type { ModelOutcome, PuzzleSolver, SolveSettings } from '../trm/runtime/puzzle-solver';
import type { CancellationSignal } from '../trm/runtime/worker-client';

interface Entry {
  version: number;
  key: string;
  outcomes: Promise<ModelOutcome[]>;
  settled?: ModelOutcome[];
  cancel: () => void;
}

/** A cancellation source the worker client understands. */
class Cancellation implements CancellationSignal {
  isCancellationRequested = false;
  private readonly listeners: Array<() => void> = [];
  onCancellationRequested(listener: () => void) {
    this.listeners.push(listener);
    return { dispose: () => this.listeners.splice(this.listeners.indexOf(listener), 1) };
  }
  cancel(): void {
    if (this.isCancellationRequested) return;
    this.isCancellationRequested = true;
    for (const l of [...this.listeners]) l();
  }
}

export function solveSettingsFor(settings: TrmSettings, kind: OpenPuzzle['kind']): SolveSettings {
  return {
    device: settings.device,
    modelPath: settings.models[kind],
    maxSteps: settings.maxSupervisionSteps,
    haltEarly: settings.haltEarly,
    perCycle: settings.recursionPerCycle,
  };
}

export class ModelAnswers {
  private readonly cache = new Map<string, Entry>();
  private generation = 0;

  constructor(
    private readonly solver: PuzzleSolver,
    /** Told about every finished run (the status bar listens). */
    private readonly onSettled: (kind: OpenPuzzle['kind'], outcomes: ModelOutcome[]) => void = () => undefined,
  ) {}

  /** Outcomes for every instance of the document (in `instances()` order), running the model if needed. */
  get(puzzle: OpenPuzzle, settings: TrmSettings): Promise<ModelOutcome[]> {
    const solveSettings = solveSettingsFor(settings, puzzle.kind);
    const key = `${this.generation}:${JSON.stringify(solveSettings)}`;
    const entry = this.cache.get(puzzle.uri);
    if (entry && entry.version === puzzle.version && entry.key === key) return entry.outcomes;
    entry?.cancel();

    const cancellation = new Cancellation();
    const instances = puzzle.language.instances(puzzle.parsed);
    const outcomes = this.solver.solve(puzzle.language, instances, solveSettings, cancellation).catch(
      (e: Error): ModelOutcome[] => instances.map(() => ({ status: 'failed', message: e.message })),
    );
    const fresh: Entry = { version: puzzle.version, key, outcomes, cancel: () => cancellation.cancel() };
    void outcomes.then((o) => {
      fresh.settled = o;
      this.onSettled(puzzle.kind, o);
    });
    this.cache.set(puzzle.uri, fresh);
    return outcomes;
  }

  /** The settled outcomes for this exact version, without starting or waiting for a run. */
  peek(puzzle: OpenPuzzle): ModelOutcome[] | undefined {
    const entry = this.cache.get(puzzle.uri);
    return entry && entry.version === puzzle.version ? entry.settled : undefined;
  }

  forget(uri: string): void {
    this.cache.get(uri)?.cancel();
    this.cache.delete(uri);
  }

  /** A model was reloaded or replaced: every cached answer is stale. */
  invalidateAll(): void {
    this.generation++;
    for (const entry of this.cache.values()) entry.cancel();
    this.cache.clear();
  }
}
