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
   * Box-line intersections for locked candidates: intersection i's segment cells at
   * [i * segLen, (i + 1) * segLen), the rest of its line and the rest of its box at [i * restLen, ...).
   */
  private readonly segment: Int16Array;
  private readonly lineRest: Int16Array;
  private readonly boxRest: Int16Array;
  private readonly segLens: Uint8Array;
  private readonly segStart: Int16Array;
  private readonly restStart: Int16Array;
  /**
   * For intersection i, the other intersections of its line at [othersStart[i], +lineOtherCount[i]) of
   * `lineOthers`, and those of its box in the same direction likewise in `boxOthers`: their segments tile
   * the rest of the line and the rest of the box, so segment masks computed once give both.
   */
  private readonly lineOthers: Int16Array;
  private readonly boxOthers: Int16Array;
  private readonly lineOtherStart: Int16Array;
  private readonly lineOtherCount: Uint8Array;
  private readonly boxOtherStart: Int16Array;
  private readonly boxOtherCount: Uint8Array;
  /** Scratch: each intersection's segment candidates, recomputed on every pass. */
  private readonly segMask: Uint16Array;
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
  /** Units (bit u = unit u; at most 27) whose candidates changed since their last hidden-single scan. */
  private dirty = 0;
  /** The units of each cell as such a mask. */
  private readonly cellUnits: Int32Array;
  private readonly allUnits: number;

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
    this.cellUnits = new Int32Array(this.cellCount);
    board.units.forEach((u, i) => u.forEach((cell) => (this.cellUnits[cell]! |= 1 << i)));
    this.allUnits = 2 ** this.unitCount - 1;
    const inter = intersections(board);
    this.segLens = Uint8Array.from(inter.map((x) => x.segment.length));
    this.segStart = Int16Array.from(inter.map((_, i) => inter.slice(0, i).reduce((n, x) => n + x.segment.length, 0)));
    this.restStart = Int16Array.from(inter.map((_, i) => inter.slice(0, i).reduce((n, x) => n + x.lineRest.length, 0)));
    this.segment = Int16Array.from(inter.flatMap((x) => x.segment));
    this.lineRest = Int16Array.from(inter.flatMap((x) => x.lineRest));
    this.boxRest = Int16Array.from(inter.flatMap((x) => x.boxRest));
    const lineOthers = inter.map((x, i) => inter.flatMap((y, j) => (j !== i && y.line === x.line ? [j] : [])));
    const boxOthers = inter.map((x, i) => inter.flatMap((y, j) => (j !== i && y.box === x.box && y.line < board.size === x.line < board.size ? [j] : [])));
    const starts = (lists: number[][]): Int16Array => Int16Array.from(lists.map((_, i) => lists.slice(0, i).reduce((n, l) => n + l.length, 0)));
    this.lineOthers = Int16Array.from(lineOthers.flat());
    this.boxOthers = Int16Array.from(boxOthers.flat());
    this.lineOtherStart = starts(lineOthers);
    this.boxOtherStart = starts(boxOthers);
    this.lineOtherCount = Uint8Array.from(lineOthers.map((l) => l.length));
    this.boxOtherCount = Uint8Array.from(boxOthers.map((l) => l.length));
    this.segMask = new Uint16Array(inter.length);
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
    if (this.load(grid)) {
      // Every unit is checked once at the root; below it, only the units a change touched.
      this.dirty = this.allUnits;
      if (this.propagate(0)) this.search(limit, solutions);
    }
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
      // A new node starts with an empty queue and no unit to rescan: the only place they are reset (its
      // parent was left consistent, so only what this node changes needs looking at).
      this.queued = 0;
      this.dirty = 0;
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
    this.dirty |= this.cellUnits[cell]!;
    const first = cell * peerCount;
    for (let i = first; i < first + peerCount; i++) {
      const at = base + peers[i]!;
      const m = cand[at]!;
      if ((m & bit) === 0) continue;
      const rest = m ^ bit;
      if (rest === 0) return false;
      cand[at] = rest;
      this.dirty |= this.cellUnits[peers[i]!]!;
      if ((rest & (rest - 1)) === 0) this.queue[this.queued++] = peers[i]!;
    }
    return true;
  }

  /**
   * Naked singles, hidden singles in the units that changed, and locked candidates when both stall, until
   * nothing changes; false on a contradiction.
   */
  private propagate(depth: number): boolean {
    const { cand, placed, units, size, allDigits, queue } = this;
    const base = depth * this.cellCount;
    for (;;) {
      while (this.queued > 0) {
        const cell = queue[--this.queued]!;
        if (placed[base + cell] !== 0) continue;
        if (!this.place(depth, cell, cand[base + cell]!)) return false;
      }
      if (this.dirty !== 0) {
        const unitBit = this.dirty & -this.dirty;
        this.dirty ^= unitBit;
        const first = (31 - Math.clz32(unitBit)) * size;
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
            if (placed[base + cell] === 0 && !this.place(depth, cell, bit)) return false;
            break;
          }
        }
        continue;
      }
      const locked = this.lockedCandidates(base);
      if (locked < 0) return false;
      if (locked === 0 && this.queued === 0 && this.dirty === 0) return true;
    }
  }

  /**
   * Locked candidates (pointing and claiming): a digit whose places in a box all lie on one line leaves the
   * rest of that line, and one whose places on a line all lie in one box leaves the rest of that box. Run
   * only when singles stall. The cells eliminations narrow are counted; -1 on a contradiction.
   */
  private lockedCandidates(base: number): number {
    const { cand, segment, lineRest, boxRest, segLens, segStart, restStart, segMask, lineOthers, boxOthers } = this;
    const count = segLens.length;
    for (let i = 0; i < count; i++) {
      const s0 = segStart[i]!;
      const s1 = s0 + segLens[i]!;
      let seg = 0;
      for (let k = s0; k < s1; k++) seg |= cand[base + segment[k]!]!;
      segMask[i] = seg;
    }
    let narrowed = 0;
    for (let i = 0; i < count; i++) {
      const seg = segMask[i]!;
      let line = 0;
      let box = 0;
      const l0 = this.lineOtherStart[i]!;
      for (let k = l0; k < l0 + this.lineOtherCount[i]!; k++) line |= segMask[lineOthers[k]!]!;
      const b0 = this.boxOtherStart[i]!;
      for (let k = b0; k < b0 + this.boxOtherCount[i]!; k++) box |= segMask[boxOthers[k]!]!;
      const r0 = restStart[i]!;
      const r1 = r0 + (this.size - segLens[i]!);
      // Digits of the segment found nowhere else in its box must sit in the segment: off the rest of the line.
      const pointing = seg & ~box;
      if (pointing & line) {
        for (let k = r0; k < r1; k++) {
          const n = this.eliminate(base, lineRest[k]!, pointing);
          if (n < 0) return -1;
          narrowed += n;
        }
      }
      const claiming = seg & ~line;
      if (claiming & box) {
        for (let k = r0; k < r1; k++) {
          const n = this.eliminate(base, boxRest[k]!, claiming);
          if (n < 0) return -1;
          narrowed += n;
        }
      }
    }
    return narrowed;
  }

  /** Removes `mask` from a blank cell's candidates: 1 when that narrowed it, 0 when not, -1 when none are left. */
  private eliminate(base: number, cell: number, mask: number): number {
    const m = this.cand[base + cell]!;
    if ((m & mask) === 0 || this.placed[base + cell] !== 0) return (m & mask) === 0 ? 0 : -1;
    const rest = m & ~mask;
    if (rest === 0) return -1;
    this.cand[base + cell] = rest;
    this.dirty |= this.cellUnits[cell]!;
    if ((rest & (rest - 1)) === 0) this.queue[this.queued++] = cell;
    return 1;
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

/**
 * Every box-line intersection: the segment of a row (or column) inside one box, the rest of that line and
 * the rest of that box. Lines 0..N-1 are rows, N..2N-1 columns.
 */
function intersections(board: Board): { line: number; box: number; segment: number[]; lineRest: number[]; boxRest: number[] }[] {
  const { size } = board;
  const boxes = board.units.slice(2 * size).map((u) => new Set(u));
  const out: { line: number; box: number; segment: number[]; lineRest: number[]; boxRest: number[] }[] = [];
  board.units.slice(0, 2 * size).forEach((line, lineIndex) => {
    boxes.forEach((box, boxIndex) => {
      const segment = [...line].filter((c) => box.has(c));
      if (segment.length === 0) return;
      out.push({ line: lineIndex, box: boxIndex, segment, lineRest: [...line].filter((c) => !box.has(c)), boxRest: [...box].filter((c) => !segment.includes(c)) });
    });
  });
  return out;
}

