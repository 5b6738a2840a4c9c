/**
 * Packing examples into flat batches, for training draws and for walking the held-out set. A short last
 * batch is padded the way the reference `_collate_batch` does: pad inputs, ignored labels, blank puzzle id,
 * so every batch has the shape the training graph was built for; `real` says how many rows count.
 */
import { BLANK_PUZZLE_ID, type Batch, type Example, IGNORE_LABEL } from './types';
import { PAD } from '../../puzzles/vocabulary';

export function emptyBatch(size: number, seqLen: number): Batch {
  return {
    size,
    seqLen,
    inputs: new Int32Array(size * seqLen).fill(PAD),
    labels: new Int32Array(size * seqLen).fill(IGNORE_LABEL),
    puzzleIds: new Int32Array(size).fill(BLANK_PUZZLE_ID),
  };
}

/** Writes `example` into row `row` of `batch`; its length must be the batch's seqLen. */
export function putExample(batch: Batch, row: number, example: Example): void {
  if (example.inputs.length !== batch.seqLen || example.labels.length !== batch.seqLen) {
    throw new RangeError(`example has ${example.inputs.length} inputs and ${example.labels.length} labels; the batch expects ${batch.seqLen}`);
  }
  batch.inputs.set(example.inputs, row * batch.seqLen);
  batch.labels.set(example.labels, row * batch.seqLen);
  batch.puzzleIds[row] = example.puzzleId;
}

/** The examples as one batch of exactly `size` rows (padded when fewer). */
export function packBatch(examples: readonly Example[], seqLen: number, size = examples.length): Batch {
  if (examples.length > size) throw new RangeError(`${examples.length} examples do not fit a batch of ${size}`);
  const batch = emptyBatch(size, seqLen);
  examples.forEach((e, i) => putExample(batch, i, e));
  return batch;
}

/** The examples in order, in batches of `batchSize` rows; `real` counts the rows that are not padding. */
export function* evalBatches(examples: readonly Example[], seqLen: number, batchSize: number): Generator<{ batch: Batch; real: number }> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  for (let start = 0; start < examples.length; start += batchSize) {
    const chunk = examples.slice(start, start + batchSize);
    yield { batch: packBatch(chunk, seqLen, batchSize), real: chunk.length };
  }
}
