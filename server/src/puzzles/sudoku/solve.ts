/**
 * The exact sudoku solver: constraint propagation (naked and hidden singles) over digit bitmasks, then
 * depth-first search on the cell with the fewest candidates (MRV). It counts solutions up to a limit
 * (2 by default), which is all a diagnostic needs: none, exactly one, or "at least two".
 */
import { type Board, popcount } from './board';

export interface SolveOutcome {
  /** Solutions found, never more than the limit. */
  count: number;
  /** The solutions found, as rows of digits. */
  solutions: number[][][];
}

/** Popcounts for every mask of up to 9 bits, so MRV and single detection are table look-ups. */
const BIT_COUNT = Uint8Array.from({ length: 1 << 9 }, (_, mask) => popcount(mask));
/** For a single-bit mask, its digit (1-based). */
const BIT_DIGIT = new Uint8Array(1 << 9);
for (let d = 1; d <= 9; d++) BIT_DIGIT[1 << (d - 1)] = d;

/**
 * Solves a grid of digits (0 = blank), stopping once `limit` solutions are found. Digits outside 1..N
 * are the caller's business (diagnostics reject them first); here they make the grid unsolvable.
 */
export function solveSudoku(grid: readonly (readonly number[])[], board: Board, limit = 2): SolveOutcome {
  const search = new Search(board, limit);
  const cand = new Uint16Array(board.cellCount).fill(board.allDigits);
  const value = new Uint8Array(board.cellCount);
  let consistent = grid.length === board.size;
  for (let r = 0; r < board.size && consistent; r++) {
    const row = grid[r]!;
    if (row.length !== board.size) consistent = false;
    for (let c = 0; c < board.size && consistent; c++) {
      const d = row[c]!;
      if (d === 0) continue;
      if (!Number.isInteger(d) || d < 0 || d > board.size) consistent = false;
      else if (!search.assign(cand, value, r * board.size + c, d)) consistent = false;
    }
  }
  if (consistent) search.run(cand, value);
  return { count: search.solutions.length, solutions: search.solutions };
}

class Search {
  readonly solutions: number[][][] = [];
  /** Cells that became naked singles and still need assigning. */
  private readonly pending: Int16Array;
  private pendingCount = 0;

  constructor(
    private readonly board: Board,
    private readonly limit: number,
  ) {
    this.pending = new Int16Array(board.cellCount * board.size);
  }

  run(cand: Uint16Array, value: Uint8Array): void {
    if (!this.propagate(cand, value)) return;
    const { cellCount } = this.board;
    let best = -1;
    let bestCount = 99;
    for (let cell = 0; cell < cellCount; cell++) {
      if (value[cell] !== 0) continue;
      const n = BIT_COUNT[cand[cell]!]!;
      if (n < bestCount) {
        best = cell;
        bestCount = n;
        if (n === 2) break;
      }
    }
    if (best < 0) {
      this.solutions.push(this.toRows(value));
      return;
    }
    let mask = cand[best]!;
    while (mask && this.solutions.length < this.limit) {
      const bit = mask & -mask;
      mask &= ~bit;
      const nextCand = cand.slice();
      const nextValue = value.slice();
      if (this.assign(nextCand, nextValue, best, BIT_DIGIT[bit]!)) this.run(nextCand, nextValue);
      else this.pendingCount = 0;
    }
  }

  /** Places digit `d` in `cell` and removes it from every peer; false on a contradiction. */
  assign(cand: Uint16Array, value: Uint8Array, cell: number, d: number): boolean {
    const bit = 1 << (d - 1);
    if ((cand[cell]! & bit) === 0) return false;
    cand[cell] = bit;
    value[cell] = d;
    const peers = this.board.peers[cell]!;
    for (let i = 0; i < peers.length; i++) {
      const peer = peers[i]!;
      const m = cand[peer]!;
      if ((m & bit) === 0) continue;
      const left = m & ~bit;
      if (left === 0) return false;
      cand[peer] = left;
      if (value[peer] === 0 && BIT_COUNT[left] === 1) this.pending[this.pendingCount++] = peer;
    }
    return true;
  }

  /** Naked and hidden singles until nothing changes; false on a contradiction. */
  private propagate(cand: Uint16Array, value: Uint8Array): boolean {
    const { units, allDigits } = this.board;
    for (;;) {
      while (this.pendingCount > 0) {
        const cell = this.pending[--this.pendingCount]!;
        if (value[cell] !== 0) continue;
        const m = cand[cell]!;
        if (BIT_COUNT[m] !== 1 || !this.assign(cand, value, cell, BIT_DIGIT[m]!)) {
          this.pendingCount = 0;
          return false;
        }
      }
      let changed = false;
      for (let u = 0; u < units.length; u++) {
        const unit = units[u]!;
        let once = 0;
        let twice = 0;
        for (let i = 0; i < unit.length; i++) {
          const m = cand[unit[i]!]!;
          twice |= once & m;
          once |= m;
        }
        if (once !== allDigits) return false;
        let hidden = once & ~twice;
        while (hidden) {
          const bit = hidden & -hidden;
          hidden &= ~bit;
          for (let i = 0; i < unit.length; i++) {
            const cell = unit[i]!;
            if ((cand[cell]! & bit) === 0) continue;
            if (value[cell] === 0) {
              if (!this.assign(cand, value, cell, BIT_DIGIT[bit]!)) {
                this.pendingCount = 0;
                return false;
              }
              changed = true;
            }
            break;
          }
        }
      }
      if (!changed && this.pendingCount === 0) return true;
    }
  }

  private toRows(value: Uint8Array): number[][] {
    const { size } = this.board;
    const rows: number[][] = [];
    for (let r = 0; r < size; r++) rows.push(Array.from(value.subarray(r * size, (r + 1) * size)));
    return rows;
  }
}
