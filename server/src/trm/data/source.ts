/**
 * The one DatasetSource implementation every kind uses: a fixed list of training items, visited in a fresh
 * seeded order each epoch, each turned into an example by a kind-specific `render` that applies the
 * on-the-fly augmentation. Randomness is derived from (seed, position), never carried from call to call,
 * so `seek` restores a stream exactly and a batch does not depend on how earlier draws were split.
 */
import { Rng } from '../../puzzles/common/random';
import { emptyBatch, putExample } from './batch';
import { randomPermutation } from '../../puzzles/common/permutation';
import type { Batch, DatasetDescription, DatasetSource, Example } from './types';

export interface ShuffledSourceOptions<T> {
  description: DatasetDescription;
  items: readonly T[];
  /** Turns an item into an example; `rng` is the example's own stream, for augmentation. */
  render: (item: T, rng: Rng) => Example;
  evalExamples: readonly Example[];
}

export class ShuffledSource<T> implements DatasetSource {
  readonly description: DatasetDescription;
  private readonly items: readonly T[];
  private readonly render: (item: T, rng: Rng) => Example;
  private readonly evalExamples: readonly Example[];
  private drawn = 0;
  private orderEpoch = -1;
  private order: number[] = [];

  constructor(options: ShuffledSourceOptions<T>) {
    if (options.items.length === 0) throw new RangeError(`dataset ${options.description.name} has no training items`);
    this.description = options.description;
    this.items = options.items;
    this.render = options.render;
    this.evalExamples = options.evalExamples;
  }

  get trainSize(): number {
    return this.items.length;
  }

  get position(): number {
    return this.drawn;
  }

  seek(position: number): void {
    if (!Number.isSafeInteger(position) || position < 0) throw new RangeError(`position must be a non-negative integer, got ${position}`);
    this.drawn = position;
  }

  next(batchSize: number): Batch {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
    const batch = emptyBatch(batchSize, this.description.seqLen);
    for (let row = 0; row < batchSize; row++) putExample(batch, row, this.example(this.drawn++));
    return batch;
  }

  evalSet(): readonly Example[] {
    return this.evalExamples;
  }

  /** The training example at a stream position (also what `next` returns there). */
  example(position: number): Example {
    const n = this.items.length;
    const epoch = Math.floor(position / n);
    if (epoch !== this.orderEpoch) {
      this.order = randomPermutation(n, new Rng(this.description.seed, `data/order/${epoch}`));
      this.orderEpoch = epoch;
    }
    const item = this.items[this.order[position - epoch * n]!]!;
    return this.render(item, new Rng(this.description.seed, `data/augment/${position}`));
  }
}
