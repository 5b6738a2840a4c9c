/**
 * A human-style sudoku solver that only knows naked singles (a cell with one candidate left) and hidden
 * singles (a digit with one place left in a row, column or box), and says which it needed. It prefers naked
 * singles and turns to hidden singles only when none is left, so "needed" means what the easiest route
 * uses. A puzzle it cannot finish needs search (guessing, or techniques beyond singles): that is the
 * generator's "search" class. Singles are sound deductions, so a puzzle it finishes has exactly one solution.
 */
import type { Board } from '../board';
import { BIT_COUNT as BIT_COUNT_TABLE, BIT_DIGIT as BIT_DIGIT_TABLE } from './bits';

// Local aliases: a hot loop then reads a plain variable, not an imported binding (a getter under some loaders).
const BIT_COUNT = BIT_COUNT_TABLE;
const BIT_DIGIT = BIT_DIGIT_TABLE;

export type SudokuTechnique = 'naked-single' | 'hidden-single' | 'search';

export interface LogicOutcome {
  /** Every cell filled by singles alone. */
  solved: boolean;
  /** The givens clash, or singles led to a cell or unit with no place left: no solution. */
  contradiction: boolean;
  /** Cells placed by each technique. */
  nakedSingles: number;
  hiddenSingles: number;
  /** The techniques the puzzle needs, easiest first; 'search' when singles stall before the end. */
  techniques: SudokuTechnique[];
  /** The grid as far as singles got (row-major, 0 = still blank). */
  grid: Uint8Array;
}

/** Runs singles on row-major givens (0 = blank). */
export function solveWithSingles(givens: ArrayLike<number>, board: Board): LogicOutcome {
  const state = new SinglesState(board);
  let contradiction = false;
  for (let cell = 0; cell < board.cellCount && !contradiction; cell++) {
    const d = givens[cell]!;
    if (d !== 0 && !state.place(cell, d)) contradiction = true;
  }
  let nakedSingles = 0;
  let hiddenSingles = 0;
  while (!contradiction && state.blanks > 0) {
    const naked = state.placeNakedSingles();
    if (naked < 0) contradiction = true;
    else if (naked > 0) nakedSingles += naked;
    else {
      const hidden = state.placeOneHiddenSingle();
      if (hidden < 0) contradiction = true;
      else if (hidden === 0) break;
      else hiddenSingles++;
    }
  }
  const solved = !contradiction && state.blanks === 0;
  const techniques: SudokuTechnique[] = [];
  if (nakedSingles > 0) techniques.push('naked-single');
  if (hiddenSingles > 0) techniques.push('hidden-single');
  if (!solved && !contradiction) techniques.push('search');
  return { solved, contradiction, nakedSingles, hiddenSingles, techniques, grid: state.value };
}

/** True when naked and hidden singles alone fill the grid (and so the solution is unique). */
export function solvableBySingles(givens: ArrayLike<number>, board: Board): boolean {
  return solveWithSingles(givens, board).solved;
}

class SinglesState {
  readonly value: Uint8Array;
  readonly cand: Uint16Array;
  blanks: number;

  constructor(private readonly board: Board) {
    this.value = new Uint8Array(board.cellCount);
    this.cand = new Uint16Array(board.cellCount).fill(board.allDigits);
    this.blanks = board.cellCount;
  }

  /** Places d in cell and strikes it from the peers; false when d is not a candidate there. */
  place(cell: number, d: number): boolean {
    const bit = 1 << (d - 1);
    if (d < 1 || d > this.board.size || this.value[cell] !== 0 || (this.cand[cell]! & bit) === 0) return false;
    this.value[cell] = d;
    this.cand[cell] = bit;
    this.blanks--;
    const peers = this.board.peers[cell]!;
    for (let i = 0; i < peers.length; i++) {
      const p = peers[i]!;
      this.cand[p] = this.cand[p]! & ~bit;
    }
    return true;
  }

  /** Places every current naked single; the count placed, or -1 on a blank cell with no candidate. */
  placeNakedSingles(): number {
    let placed = 0;
    for (let cell = 0; cell < this.board.cellCount; cell++) {
      if (this.value[cell] !== 0) continue;
      const m = this.cand[cell]!;
      if (m === 0) return -1;
      if (BIT_COUNT[m] === 1) {
        // A peer placed earlier in this pass may have taken the digit: then the cell has no candidate.
        if (!this.place(cell, BIT_DIGIT[m]!)) return -1;
        placed++;
      }
    }
    return placed;
  }

  /** Places the first hidden single found: 1, 0 when there is none, -1 when a unit has no place for a digit. */
  placeOneHiddenSingle(): number {
    const { units, allDigits } = this.board;
    for (let u = 0; u < units.length; u++) {
      const unit = units[u]!;
      let once = 0;
      let twice = 0;
      let placedDigits = 0;
      for (let i = 0; i < unit.length; i++) {
        const cell = unit[i]!;
        const m = this.cand[cell]!;
        if (this.value[cell] !== 0) {
          placedDigits |= m;
          continue;
        }
        twice |= once & m;
        once |= m;
      }
      if ((once | placedDigits) !== allDigits) return -1;
      const hidden = once & ~twice & ~placedDigits;
      if (hidden === 0) continue;
      const bit = hidden & -hidden;
      for (let i = 0; i < unit.length; i++) {
        const cell = unit[i]!;
        if (this.value[cell] === 0 && (this.cand[cell]! & bit) !== 0) return this.place(cell, BIT_DIGIT[bit]!) ? 1 : -1;
      }
    }
    return 0;
  }
}
