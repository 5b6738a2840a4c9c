/**
 * Token vocabularies of the reference TRM datasets, so that checkpoints and datasets stay interchangeable
 * (DESIGN.md section 1). Token 0 is padding in every kind.
 */

export const PAD = 0;

/** Sudoku: 1 = blank, 2..N+1 = digits 1..N. */
export const sudokuVocabulary = {
  blank: 1,
  digitToken: (digit: number): number => digit + 1,
  tokenDigit: (token: number): number => token - 1,
  isDigitToken: (token: number, size: number): boolean => token >= 2 && token <= size + 1,
  size: (boardSize: number): number => boardSize + 2,
} as const;

/** Maze: the reference charset "# SGo" as 1..5. */
export const MAZE_CHARSET = '# SGo';
export const mazeVocabulary = {
  wall: 1,
  open: 2,
  start: 3,
  goal: 4,
  path: 5,
  size: 6,
  charToken: (ch: string): number | undefined => {
    const i = MAZE_CHARSET.indexOf(ch);
    return i < 0 ? undefined : i + 1;
  },
  tokenChar: (token: number): string => MAZE_CHARSET[token - 1] ?? '?',
} as const;

/** ARC: 1 = end-of-grid marker, 2..11 = colours 0..9, on a 30 x 30 canvas. */
export const arcVocabulary = {
  endOfGrid: 1,
  colourToken: (colour: number): number => colour + 2,
  tokenColour: (token: number): number => token - 2,
  isColourToken: (token: number): boolean => token >= 2 && token <= 11,
  size: 12,
  canvas: 30,
} as const;
