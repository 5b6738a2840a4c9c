/**
 * Training data for the TRM: sudokus and mazes drawn from the generators in puzzles/, ARC tasks from the
 * Kaggle files, and datasets in the reference TinyRecursiveModels layout, each as a seeded DatasetSource with a held-out set that is
 * never trained on. Pure apart from the two loaders (arc/load.ts, reference/load.ts).
 */
export { BLANK_PUZZLE_ID, IGNORE_LABEL, type Batch, type DatasetDescription, type DatasetSource, type Example, type JsonValue, type TrainingProgress } from './types';
export { emptyBatch, evalBatches, packBatch, putExample } from './batch';
export { datasetSummary } from './description';
export { ShuffledSource, type ShuffledSourceOptions } from './source';
export { bandOpenStep, CurriculumSource, curriculumMix, DEFAULT_RAMP_FRACTION, type CurriculumBand, type CurriculumSourceOptions } from './curriculum';

export { augmentSudokuTokens, identitySudokuAugmentation, randomSudokuAugmentation, type SudokuAugmentation } from './sudoku/augment';
export { sudokuCanonicalKey } from './sudoku/canonical';
export { generateSudokuSplits, sudokuExample, sudokuSource, type SudokuDatasetOptions, type SudokuSplits } from './sudoku/dataset';

export { fittingTransforms, mazeCanonicalKey, placeMaze, transformMaze } from './maze/augment';
export { generateMazeSplits, mazeExample, mazeSource, type MazeDatasetOptions, type MazeSplits } from './maze/dataset';

export { ArcDataError, arcTaskMaxSide, parseArcCollection, type ArcTask, type ArcTestPair, type ArcTrainPair, type ColourGrid } from './arc/tasks';
export {
  augmentArcGrid,
  encodeArcGrid,
  IDENTITY_ARC_AUGMENTATION,
  randomArcAugmentation,
  restoreArcGrid,
  translationRange,
  untranslate,
  type ArcAugmentation,
} from './arc/augment';
export { arcPuzzleIdForKey, buildArcTaskSet, type ArcSelection, type ArcTaskEntry, type ArcTaskSet, type ArcTaskSetOptions } from './arc/task-set';
export { arcEvalEntries, arcSource, type ArcDatasetOptions, type ArcEvalEntry } from './arc/dataset';
export { ARC_COLLECTIONS, loadArcCollection, loadArcCollections } from './arc/load';

export { decodeNpyValues, NpyError, npyHeaderEnd, parseNpyHeader, readNpy, type NpyArray, type NpyDtype, type NpyHeader } from './reference/npy';
export {
  checkReferenceSet,
  memoryRows,
  parseReferenceMetadata,
  REFERENCE_FIELDS,
  ReferenceDatasetError,
  referenceFileName,
  referenceSource,
  type ReferenceMetadata,
  type ReferenceSet,
  type ReferenceSourceOptions,
  type ReferenceSplit,
  type RowSource,
} from './reference/layout';
export { loadReferenceSplit, type LoadedSplit } from './reference/load';

export { arcTaskFileText, mazeFileText, sudokuFileText, type SudokuFileOptions } from './puzzle-files';
