/**
 * The contract every puzzle kind implements. The domain is pure: no LSP types, no ONNX, no I/O.
 * Grids cross every boundary (domain, model, features) as token grids in the kind's model vocabulary
 * (see vocabulary.ts), so the model layer never needs to know a file format and features never need to
 * know a tensor layout.
 */

/** Zero-based line and UTF-16 code-unit column: the LSP convention, owned here so the domain stays LSP-free. */
export interface SourcePosition {
  line: number;
  character: number;
}

export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

export type PuzzleKind = 'sudoku' | 'maze' | 'arc';

export type Severity = 'error' | 'warning' | 'information';

export interface RelatedLocation {
  range: SourceRange;
  message: string;
}

/** One diagnostic: where, how bad, a stable code (`sudoku/duplicate-in-row`) and a sentence for the user. */
export interface Problem {
  range: SourceRange;
  severity: Severity;
  code: string;
  message: string;
  related?: RelatedLocation[];
}

/** rows x cols of vocabulary ids. */
export type TokenGrid = number[][];

/** A replacement of source text; ranges refer to the text the document was parsed from. */
export interface TextEditSpec {
  range: SourceRange;
  newText: string;
}

/**
 * One thing the model solves. A sudoku or maze file holds one; an ARC task holds one per test pair.
 * `input` is at the puzzle's natural size; placing it on a model's canvas is `PuzzleLanguage.toModelInput`.
 */
export interface PuzzleInstance {
  /** 0 for sudoku and maze; the test pair's index for ARC. */
  index: number;
  /** Human label: "9x9 sudoku", "21x21 maze", "test 1 of 2". */
  label: string;
  rows: number;
  cols: number;
  input: TokenGrid;
  /**
   * The answer cells as the file holds them now, when that differs from `input`: a sudoku solved or partly
   * filled below its `# puzzle:` line, a maze with a drawn path, an ARC test output of the input's shape.
   * Hints fill cells where this differs from the answer.
   */
  current?: TokenGrid;
  /** The instance's grid in the source (hover anchor). */
  range: SourceRange;
  /**
   * ARC only: a stable key of the task's demonstration pairs, so a model trained with per-task puzzle
   * embeddings can find the task's id. Undefined for sudoku and maze.
   */
  taskKey?: string;
}

export type ExactSolution =
  | { status: 'unique'; answer: TokenGrid }
  | { status: 'none'; reason: string }
  | { status: 'multiple'; answers: [TokenGrid, TokenGrid] }
  | { status: 'unsupported'; reason: string };

/** A cell of a proposed answer that is wrong, and why ("clashes with the 5 in row 3", "differs from the unique solution"). */
export interface WrongCell {
  row: number;
  col: number;
  actual: number;
  expected?: number;
  reason: string;
}

export type Verification =
  | { status: 'correct' }
  | { status: 'wrong'; wrongCells: WrongCell[]; summary: string }
  | { status: 'unverifiable'; reason: string };

/** What a hover shows, as data; features turn it into markdown and pictures. */
export interface HoverFacts {
  range: SourceRange;
  title: string;
  /** Short lines: "row 3, column 7, box 2", "candidates: 1 4 9". */
  facts: string[];
  /** A grid to draw (ARC colours, a maze, a sudoku), with an optional highlighted cell. */
  grid?: { tokens: TokenGrid; highlight?: { row: number; col: number } };
  /** The instance the cursor is in, when it is in one (for the recursion-step preview). */
  instance?: number;
}

/** A model canvas: the board shape a trained model reads (from its model card). */
export interface Canvas {
  rows: number;
  cols: number;
}

/** A parsed document. Kinds extend it with their own structure; `problems` holds only parse-level errors. */
export interface ParsedPuzzle {
  kind: PuzzleKind;
  /** The exact text that was parsed, so edits can be computed against it. */
  text: string;
  problems: Problem[];
}

export interface PuzzleLanguage<D extends ParsedPuzzle = ParsedPuzzle> {
  readonly kind: PuzzleKind;
  /** Never throws, whatever the text: malformed input becomes problems. */
  parse(text: string): D;
  /** Every diagnostic for the document: parse errors, rule violations, solvability. Never throws. */
  diagnose(doc: D): Problem[];
  /** The instances a model could solve; empty when the document is too broken to read. */
  instances(doc: D): PuzzleInstance[];
  /** The exact solver (sudoku: propagation and search; maze: BFS; ARC: unsupported). */
  exactSolve(doc: D, instance: number): ExactSolution;
  /** Checks a proposed answer (a model's) against the rules and the exact solution, cell by cell. */
  verify(doc: D, instance: number, answer: TokenGrid): Verification;
  /** Edits that write a whole answer into the document, keeping the original puzzle recoverable. */
  writeAnswer(doc: D, instance: number, answer: TokenGrid): TextEditSpec[];
  /** Edits that fill one cell of the answer (a hint). */
  writeCell(doc: D, instance: number, row: number, col: number, token: number): TextEditSpec[];
  /** The canonical layout of the document, keeping every given; undefined when it cannot be read. */
  format(doc: D): string | undefined;
  /** Hover facts at a position, or undefined when the position is not on anything meaningful. */
  describe(doc: D, position: SourcePosition): HoverFacts | undefined;
  /** The cell under a position, if any: used for hints at the cursor. */
  cellAt(doc: D, position: SourcePosition): { instance: number; row: number; col: number } | undefined;
  /** Source range of an answer cell, for inlay hints and wrong-cell diagnostics. */
  answerCellRange(doc: D, instance: number, row: number, col: number): SourceRange | undefined;
  /** Places an instance on a model canvas as a flat token sequence (row-major), or says why it does not fit. */
  toModelInput(instance: PuzzleInstance, canvas: Canvas): Int32Array | { error: string };
  /** Reads an answer for `instance` back from a model's flat output sequence on `canvas`. */
  fromModelOutput(instance: PuzzleInstance, canvas: Canvas, sequence: ArrayLike<number>): TokenGrid;
  /** The character a token is drawn as in text (sudoku digit, maze char, ARC colour digit). */
  tokenText(token: number): string;
}
