/**
 * Model answers for open documents, cached per document version: diagnostics, hovers, hints and code
 * actions for one version share one ACT run. A newer version cancels the run of an older one; a reloaded
 * model or changed options drop the cache. The cache asks for its own options (device, model path, steps)
 * per document, so it knows nothing of where they come from (the editor's settings, a command line).
 */
import type { PuzzleKind } from '../puzzles/types';
import type { ModelOutcome, PuzzleSolver, SolveSettings } from '../trm/runtime/puzzle-solver';
import type { CancellationSignal } from '../trm/runtime/worker-client';
import type { PuzzleRef } from './exact-answers';

/** A document's puzzle at one version: what the cache keys on. */
export interface VersionedPuzzle extends PuzzleRef {
  uri: string;
  version: number;
  kind: PuzzleKind;
}

/** The model options for one document (its kind's model path, the device, the step limit). */
export type AnswerOptions = SolveSettings;

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

export class ModelAnswers {
  private readonly cache = new Map<string, Entry>();
  private generation = 0;

  constructor(
    private readonly solver: PuzzleSolver,
    /** The options a document's answers are computed with. */
    private readonly optionsFor: (uri: string, kind: PuzzleKind) => Promise<AnswerOptions>,
    /** Told about every finished run (the status bar listens). */
    private readonly onSettled: (kind: PuzzleKind, outcomes: ModelOutcome[]) => void = () => undefined,
  ) {}

  /** Outcomes for every instance of the document (in `instances()` order), running the model if needed. */
  async get(puzzle: VersionedPuzzle): Promise<ModelOutcome[]> {
    const solveSettings = await this.optionsFor(puzzle.uri, puzzle.kind);
    const key = `${this.generation}:${JSON.stringify(solveSettings)}`;
    const entry = this.cache.get(puzzle.uri);
    if (entry && entry.version === puzzle.version && entry.key === key) return entry.outcomes;
    // A newer version got its run started while this call waited for its options: answer this one uncached.
    const stale = entry !== undefined && entry.version > puzzle.version;
    if (!stale) entry?.cancel();

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
    if (!stale) this.cache.set(puzzle.uri, fresh);
    return outcomes;
  }

  /** The settled outcomes for this exact version, without starting or waiting for a run. */
  peek(puzzle: VersionedPuzzle): ModelOutcome[] | undefined {
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
