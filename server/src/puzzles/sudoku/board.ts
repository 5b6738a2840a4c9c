/**
 * Sudoku board geometry for the supported sizes: box shapes, the 3N units (rows, columns, boxes) and each
 * cell's peers, computed once per size. Cells are numbered row-major (index = row * size + col).
 */

export const SUPPORTED_SIZES: readonly number[] = [4, 6, 9];

export interface Board {
  size: number;
  /** Box height and width: 2x2 for 4x4, 2x3 (2 rows x 3 columns) for 6x6, 3x3 for 9x9. */
  boxRows: number;
  boxCols: number;
  cellCount: number;
  /** Rows 0..N-1, then columns N..2N-1, then boxes 2N..3N-1; each lists its N cell indices. */
  units: Int16Array[];
  /** Every other cell sharing a row, column or box with the cell. */
  peers: Int16Array[];
  /** A mask with the N digit bits set. */
  allDigits: number;
}

const boards = new Map<number, Board>();

export function isSupportedSize(size: number): boolean {
  return SUPPORTED_SIZES.includes(size);
}

/** The board of a supported size; undefined for any other size. */
export function boardFor(size: number): Board | undefined {
  if (!isSupportedSize(size)) return undefined;
  let board = boards.get(size);
  if (!board) {
    board = buildBoard(size);
    boards.set(size, board);
  }
  return board;
}

/** Zero-based box index, boxes numbered row-major like cells. */
export function boxIndex(board: Board, row: number, col: number): number {
  const boxesPerBand = board.size / board.boxCols;
  return Math.floor(row / board.boxRows) * boxesPerBand + Math.floor(col / board.boxCols);
}

function buildBoard(size: number): Board {
  const boxRows = size === 9 ? 3 : 2;
  const boxCols = size / boxRows;
  const cellCount = size * size;
  const base: Omit<Board, 'units' | 'peers'> = { size, boxRows, boxCols, cellCount, allDigits: (1 << size) - 1 };
  const rows: number[][] = [];
  const cols: number[][] = [];
  const boxes: number[][] = [];
  for (let i = 0; i < size; i++) {
    rows.push([]);
    cols.push([]);
    boxes.push([]);
  }
  const partial = { ...base, units: [], peers: [] };
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const cell = r * size + c;
      rows[r]!.push(cell);
      cols[c]!.push(cell);
      boxes[boxIndex(partial, r, c)]!.push(cell);
    }
  }
  const units = [...rows, ...cols, ...boxes].map((u) => Int16Array.from(u));
  const peers: Int16Array[] = [];
  for (let cell = 0; cell < cellCount; cell++) {
    const r = Math.floor(cell / size);
    const c = cell % size;
    const set = new Set<number>([...rows[r]!, ...cols[c]!, ...boxes[boxIndex(partial, r, c)]!]);
    set.delete(cell);
    peers.push(Int16Array.from([...set].sort((a, b) => a - b)));
  }
  return { ...base, units, peers };
}

/** Number of set bits in a digit mask (at most 9 bits). */
export function popcount(mask: number): number {
  let n = 0;
  while (mask) {
    mask &= mask - 1;
    n++;
  }
  return n;
}

/** The digits (1-based) whose bits are set in `mask`, ascending. */
export function maskDigits(mask: number): number[] {
  const digits: number[] = [];
  for (let d = 1; mask >> (d - 1); d++) if (mask & (1 << (d - 1))) digits.push(d);
  return digits;
}
