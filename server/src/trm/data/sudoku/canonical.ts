/**
 * A key that two sudoku puzzles share when one is a relabelling of the other, so the held-out split can
 * refuse an eval puzzle that training already holds. Digits are renamed in order of first appearance.
 * On 4x4 boards, where the whole augmentation group is small (128 row/column/transpose moves) and random
 * puzzles do repeat, the key is the smallest over the group, so "the same up to augmentation" collides
 * too; on 6x6 (3,456 moves) and 9x9 (3.4 million) that would cost more than the near-zero chance of such a
 * collision among random puzzles is worth.
 */
import type { Board } from '../../../puzzles/sudoku';

/** `givens`: row-major digits, 0 = blank. */
export function sudokuCanonicalKey(givens: ArrayLike<number>, board: Board): string {
  const { size } = board;
  if (size !== 4) return relabelled(givens, size, identity(size), identity(size), false);
  let best: string | undefined;
  const rowOrders = groupedOrders(size / board.boxRows, board.boxRows);
  const colOrders = groupedOrders(size / board.boxCols, board.boxCols);
  for (const transpose of [false, true]) {
    for (const rows of rowOrders) {
      for (const cols of colOrders) {
        const key = relabelled(givens, size, rows, cols, transpose);
        if (best === undefined || key < best) best = key;
      }
    }
  }
  return best!;
}

function relabelled(givens: ArrayLike<number>, size: number, rows: readonly number[], cols: readonly number[], transpose: boolean): string {
  const names = new Array<number>(size + 1).fill(0);
  let nextName = 1;
  let key = '';
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const r = rows[i]!;
      const c = cols[j]!;
      const d = transpose ? givens[c * size + r]! : givens[r * size + c]!;
      if (d !== 0 && names[d] === 0) names[d] = nextName++;
      key += String.fromCharCode(48 + names[d]!);
    }
  }
  return key;
}

function identity(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Every line order that keeps `groups` blocks of `width` lines together. */
function groupedOrders(groups: number, width: number): number[][] {
  const blockOrders = permutations(groups);
  const inner = permutations(width);
  let orders: number[][] = [[]];
  for (const blockOrder of blockOrders) {
    let partial: number[][] = [[]];
    for (const block of blockOrder) partial = partial.flatMap((p) => inner.map((q) => [...p, ...q.map((i) => block * width + i)]));
    orders = orders.concat(partial);
  }
  return orders.filter((o) => o.length > 0);
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, k) => [...p.slice(0, k), n - 1, ...p.slice(k)]));
}
