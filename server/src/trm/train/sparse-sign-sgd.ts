/**
 * The reference's optimiser of the puzzle embedding, in the graph: CastedSparseEmbeddingSignSGD_Distributed
 * (TinyRecursiveModels models/sparse_embedding.py) with one process. Only the rows of the table that the
 * batch uses move; each takes SignSGD with decoupled weight decay on the sum of its samples' gradients:
 *
 *   for each id in the batch (once, however often it occurs):
 *     p[id] <- p[id] * (1 - lr * wd) - lr * sign(sum of the gradients of the samples with that id)
 *
 * Rows the batch does not use keep their values (no decay: the reference never touches them), and a used
 * row whose summed gradient is exactly 0 still decays. There are no moments and no EMA (the table is a
 * buffer in the reference, so its EMAHelper never sees it). lr is fed per step, on the same warm-up and
 * schedule as the main optimiser's (pretrain.py applies compute_lr to puzzle_emb_lr too).
 */
import type { Value } from '../graph/graph';
import * as op from '../graph/ops';

export interface SparseSignSgdOptions {
  weightDecay: number;
}

/**
 * The updated table [N, W] from the table, the dense gradient of the loss with respect to it (the scatter-add
 * of the samples' gradients, which is the reference's per-id sum), the batch's ids [B] (int64) and lr [].
 */
export function sparseSignSgdUpdate(table: Value, grad: Value, ids: Value, lr: Value, options: SparseSignSgdOptions): Value {
  const rows = table.shape[0];
  if (typeof rows !== 'number') throw new Error('sparse SignSGD needs a table with a known number of rows');
  const g = table.graph;
  const count = ids.shape.reduce<number>((n, d) => n * (typeof d === 'number' ? d : NaN), 1);
  const column = g.constant('int64', BigInt64Array.from({ length: rows }, (_, i) => BigInt(i)), [rows, 1], `row_index${rows}`);
  // [N, 1]: whether any sample of the batch uses the row.
  const used = op.greater(op.reduceMax(op.cast(op.equal(column, op.reshape(ids, [1, count])), 'float32'), 1, true), 0);
  const sign = op.sub(op.cast(op.greater(grad, 0), 'float32'), op.cast(op.less(grad, 0), 'float32'));
  const decayed = op.mul(table, op.sub(1, op.mul(lr, options.weightDecay)));
  return op.where(used, op.sub(decayed, op.mul(sign, lr)), table);
}
