/**
 * A curriculum from easy to hard: the training items are grouped into bands ordered easiest first, and the
 * bands open one after another over the first part of the run — band 0 from the start, the last band at
 * `rampFraction` of the steps — after which the whole mix is drawn. While open, a band is drawn with its
 * mix weight. The mix depends only on (step, steps), and every draw only on (seed, position, step), so a run
 * resumed at a checkpoint draws exactly what the uninterrupted run would have drawn.
 */
import { Rng } from '../../puzzles/common/random';
import { emptyBatch, putExample } from './batch';
import type { Batch, DatasetDescription, DatasetSource, Example, TrainingProgress } from './types';

/** Default share of the run over which the bands open (the rest trains on the whole mix). */
export const DEFAULT_RAMP_FRACTION = 0.5;

/** How a curriculum draws, for dataset descriptions (and so model cards). */
export const CURRICULUM_WORDS = `drawn easy to hard by a curriculum (the bands open one after another over the first ${DEFAULT_RAMP_FRACTION * 100} % of the steps, then the whole mix)`;

export interface CurriculumBand<T> {
  name: string;
  /** Weight in the full mix (relative to the other bands). */
  weight: number;
  items: readonly T[];
}

/** The step (counted from 0) at which band `index` of `bandCount` opens in a run of `steps` steps. */
export function bandOpenStep(index: number, bandCount: number, steps: number, rampFraction = DEFAULT_RAMP_FRACTION): number {
  if (bandCount <= 1 || index <= 0) return 0;
  return Math.round((index / (bandCount - 1)) * rampFraction * steps);
}

/** The mix at a step: each band's share of the draws (summing to 1), zero for bands not yet open. */
export function curriculumMix(weights: readonly number[], step: number, steps: number, rampFraction = DEFAULT_RAMP_FRACTION): number[] {
  const open = weights.map((w, i) => (step >= bandOpenStep(i, weights.length, steps, rampFraction) ? w : 0));
  const total = open.reduce((a, b) => a + b, 0);
  return open.map((w) => w / total);
}

export interface CurriculumSourceOptions<T> {
  description: DatasetDescription;
  /** Easiest first; bands without items are left out of the schedule. */
  bands: readonly CurriculumBand<T>[];
  render: (item: T, rng: Rng) => Example;
  evalExamples: readonly Example[];
  rampFraction?: number;
}

export class CurriculumSource<T> implements DatasetSource {
  readonly description: DatasetDescription;
  readonly bands: readonly CurriculumBand<T>[];
  private readonly render: (item: T, rng: Rng) => Example;
  private readonly evalExamples: readonly Example[];
  private readonly rampFraction: number;
  private drawn = 0;

  constructor(options: CurriculumSourceOptions<T>) {
    this.bands = options.bands.filter((b) => b.items.length > 0);
    if (this.bands.length === 0) throw new RangeError(`dataset ${options.description.name} has no training items`);
    for (const b of this.bands) if (!(b.weight > 0)) throw new RangeError(`band ${b.name} has weight ${b.weight}; weights are positive`);
    this.description = options.description;
    this.render = options.render;
    this.evalExamples = options.evalExamples;
    this.rampFraction = options.rampFraction ?? DEFAULT_RAMP_FRACTION;
  }

  get trainSize(): number {
    return this.bands.reduce((s, b) => s + b.items.length, 0);
  }

  get position(): number {
    return this.drawn;
  }

  seek(position: number): void {
    if (!Number.isSafeInteger(position) || position < 0) throw new RangeError(`position must be a non-negative integer, got ${position}`);
    this.drawn = position;
  }

  /** The mix at a step of the run, in band order. */
  mix(progress: TrainingProgress): number[] {
    return curriculumMix(this.bands.map((b) => b.weight), progress.step, progress.steps, this.rampFraction);
  }

  /** Without `progress` (a caller outside a training run) the stream draws from the whole mix. */
  next(batchSize: number, progress?: TrainingProgress): Batch {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
    const batch = emptyBatch(batchSize, this.description.seqLen);
    const mix = this.mix(progress ?? { step: 1, steps: 1 });
    for (let row = 0; row < batchSize; row++) putExample(batch, row, this.example(this.drawn++, mix));
    return batch;
  }

  evalSet(): readonly Example[] {
    return this.evalExamples;
  }

  /** The band a stream position draws from under a mix (what `next` uses). */
  bandAt(position: number, mix: readonly number[]): number {
    let x = new Rng(this.description.seed, `data/curriculum/band/${position}`).uniform();
    for (let i = 0; i < mix.length; i++) {
      x -= mix[i]!;
      if (x < 0) return i;
    }
    // Rounding left x a hair above 0: the last open band.
    return mix.reduce((last, w, i) => (w > 0 ? i : last), 0);
  }

  private example(position: number, mix: readonly number[]): Example {
    const band = this.bands[this.bandAt(position, mix)]!;
    const item = band.items[new Rng(this.description.seed, `data/curriculum/item/${position}`).int(band.items.length)]!;
    return this.render(item, new Rng(this.description.seed, `data/augment/${position}`));
  }
}
