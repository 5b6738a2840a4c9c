/**
 * The exact sudoku solver: digit bitmasks per cell, naked and hidden singles, then depth-first search on
 * the cell with the fewest candidates (MRV). It counts solutions up to a limit (2 by default), which is all
 * a diagnostic needs: none, exactly one, or "at least two".
 *
 * The search is iterative and allocates nothing per node: every depth owns a slice of one preallocated
 * candidate stack (a branch copies its parent's slice with `copyWithin`, a memcpy), and the queue of cells
 * that became naked singles is emptied at the one place a new node starts, so nothing a failed branch left
 * behind can reach the next one (the old solver kept stale queue entries after a contradiction found by the
 * hidden-single scan, and called 28% of hard valid puzzles unsolvable).
 */
import type { Board } from './board';

export interface SolveOutcome {
  /** Solutions found, never more than the limit. */
  count: number;
  /** The solutions found, as rows of digits. */
  solutions: number[][][];
}

/** Popcounts for every mask of up to 9 bits, so MRV and single detection are table look-ups. */
const BIT_COUNT = new Uint8Array(1 << 9);
for (let mask = 1; mask < 1 << 9; mask++) BIT_COUNT[mask] = BIT_COUNT[mask >> 1]! + (mask & 1);

/** A single-bit mask's digit (1-based). */
function digitOf(bit: number): number {
  return 32 - Math.clz32(bit);
}

/**
 * Solves a grid of digits (0 = blank), stopping once `limit` solutions are found (at least one is always
 * looked for). Digits outside 1..N and grids of the wrong shape are the caller's business (diagnostics
 * reject them first); here they make the grid unsolvable.
 */
export function solveSudoku(grid: readonly (readonly number[])[], board: Board, limit = 2): SolveOutcome {
  return solverFor(board).solve(grid, Math.max(1, Math.floor(limit)));
}

const solvers = new Map<number, Solver>();

function solverFor(board: Board): Solver {
  let solver = solvers.get(board.size);
  if (!solver) {
    solver = new Solver(board);
    solvers.set(board.size, solver);
  }
  return solver;
}

/** The per-size tables and preallocated stacks; `solve` is synchronous, so one instance per size serves all calls. */
class Solver {
  private readonly size: number;
  private readonly cellCount: number;
  private readonly allDigits: number;
  /** Peers of cell c at [c * peerCount, (c + 1) * peerCount). */
  private readonly peers: Int16Array;
  private readonly peerCount: number;
  /** Cells of unit u at [u * size, (u + 1) * size); rows, then columns, then boxes. */
  private readonly units: Int16Array;
  private readonly unitCount: number;
  /**
   * Candidate masks of every depth: depth d's cells at [d * cellCount, (d + 1) * cellCount). A placed cell
   * holds its digit's bit; `placed` (same layout) says which cells are decided.
   */
  private readonly cand: Uint16Array;
  private readonly placed: Uint8Array;
  /** Per depth: the cell branched on and the digits still to try there. */
  private readonly branchCell: Int16Array;
  private readonly branchLeft: Uint16Array;
  /** Cells that became naked singles at the current node and still need placing. */
  private readonly queue: Int16Array;
  private queued = 0;

  constructor(board: Board) {
    this.size = board.size;
    this.cellCount = board.cellCount;
    this.allDigits = board.allDigits;
    this.peerCount = board.peers[0]!.length;
    this.peers = new Int16Array(this.cellCount * this.peerCount);
    board.peers.forEach((p, cell) => this.peers.set(p, cell * this.peerCount));
    this.unitCount = board.units.length;
    this.units = new Int16Array(this.unitCount * this.size);
    board.units.forEach((u, i) => this.units.set(u, i * this.size));
    // Every depth places at least one cell, so cellCount + 1 levels always suffice.
    const levels = this.cellCount + 1;
    this.cand = new Uint16Array(levels * this.cellCount);
    this.placed = new Uint8Array(levels * this.cellCount);
    this.branchCell = new Int16Array(levels);
    this.branchLeft = new Uint16Array(levels);
    // A cell is queued when its candidates drop to one, which happens once per node.
    this.queue = new Int16Array(this.cellCount);
  }

  solve(grid: readonly (readonly number[])[], limit: number): SolveOutcome {
    const solutions: number[][][] = [];
    if (this.load(grid) && this.propagate(0)) this.search(limit, solutions);
    return { count: solutions.length, solutions };
  }

  /** Depth 0 from the givens; false when the grid is malformed or two givens clash. */
  private load(grid: readonly (readonly number[])[]): boolean {
    const { size, cellCount } = this;
    this.cand.fill(this.allDigits, 0, cellCount);
    this.placed.fill(0, 0, cellCount);
    this.queued = 0;
    if (grid.length !== size) return false;
    for (let r = 0; r < size; r++) {
      const row = grid[r]!;
      if (row.length !== size) return false;
      for (let c = 0; c < size; c++) {
        const d = row[c]!;
        if (d === 0) continue;
        if (!Number.isInteger(d) || d < 1 || d > size) return false;
        if (!this.place(0, r * size + c, 1 << (d - 1))) return false;
      }
    }
    return true;
  }

  /** Iterative depth-first search from the propagated depth 0, collecting up to `limit` solutions. */
  private search(limit: number, solutions: number[][][]): void {
    const { cellCount } = this;
    if (!this.chooseBranch(0)) {
      solutions.push(this.rowsAt(0));
      return;
    }
    let depth = 0;
    while (depth >= 0) {
      const left = this.branchLeft[depth]!;
      if (left === 0) {
        depth--;
        continue;
      }
      const bit = left & -left;
      this.branchLeft[depth] = left ^ bit;
      const child = depth + 1;
      const from = depth * cellCount;
      const to = child * cellCount;
      this.cand.copyWithin(to, from, from + cellCount);
      this.placed.copyWithin(to, from, from + cellCount);
      // A new node starts with an empty queue: the only place it is reset.
      this.queued = 0;
      if (!this.place(child, this.branchCell[depth]!, bit) || !this.propagate(child)) continue;
      if (this.chooseBranch(child)) {
        depth = child;
      } else {
        solutions.push(this.rowsAt(child));
        if (solutions.length >= limit) return;
      }
    }
  }

  /** Picks the blank cell with fewest candidates at `depth`; false when every cell is placed. */
  private chooseBranch(depth: number): boolean {
    const { cellCount, cand, placed } = this;
    const base = depth * cellCount;
    let best = -1;
    let bestCount = 99;
    for (let cell = 0; cell < cellCount; cell++) {
      if (placed[base + cell] !== 0) continue;
      const n = BIT_COUNT[cand[base + cell]!]!;
      if (n < bestCount) {
        best = cell;
        bestCount = n;
        if (n === 2) break;
      }
    }
    if (best < 0) return false;
    this.branchCell[depth] = best;
    this.branchLeft[depth] = cand[base + best]!;
    return true;
  }

  /** Places the digit `bit` in `cell` at `depth` and removes it from every peer; false on a contradiction. */
  private place(depth: number, cell: number, bit: number): boolean {
    const { cand, placed, peers, peerCount } = this;
    const base = depth * this.cellCount;
    if ((cand[base + cell]! & bit) === 0) return false;
    cand[base + cell] = bit;
    placed[base + cell] = 1;
    const first = cell * peerCount;
    for (let i = first; i < first + peerCount; i++) {
      const at = base + peers[i]!;
      const m = cand[at]!;
      if ((m & bit) === 0) continue;
      const rest = m ^ bit;
      if (rest === 0) return false;
      cand[at] = rest;
      if ((rest & (rest - 1)) === 0) this.queue[this.queued++] = peers[i]!;
    }
    return true;
  }

  /** Naked and hidden singles at `depth` until nothing changes; false on a contradiction. */
  private propagate(depth: number): boolean {
    const { cand, placed, units, size, unitCount, allDigits, queue } = this;
    const base = depth * this.cellCount;
    for (;;) {
      while (this.queued > 0) {
        const cell = queue[--this.queued]!;
        if (placed[base + cell] !== 0) continue;
        if (!this.place(depth, cell, cand[base + cell]!)) return false;
      }
      let changed = false;
      for (let u = 0; u < unitCount; u++) {
        const first = u * size;
        let once = 0;
        let twice = 0;
        for (let i = first; i < first + size; i++) {
          const m = cand[base + units[i]!]!;
          twice |= once & m;
          once |= m;
        }
        // Some digit has no place left in this unit.
        if (once !== allDigits) return false;
        let hidden = once & ~twice;
        while (hidden) {
          const bit = hidden & -hidden;
          hidden ^= bit;
          for (let i = first; i < first + size; i++) {
            const cell = units[i]!;
            if ((cand[base + cell]! & bit) === 0) continue;
            if (placed[base + cell] === 0) {
              if (!this.place(depth, cell, bit)) return false;
              changed = true;
            }
            break;
          }
        }
      }
      if (!changed && this.queued === 0) return true;
    }
  }

  private rowsAt(depth: number): number[][] {
    const { size, cand } = this;
    const base = depth * this.cellCount;
    const rows: number[][] = [];
    for (let r = 0; r < size; r++) {
      const row: number[] = [];
      for (let c = 0; c < size; c++) row.push(digitOf(cand[base + r * size + c]!));
      rows.push(row);
    }
    return rows;
  }
}
