/**
 * `trm generate --kind K [--count N] [--size N] [--seed S] [--out DIR]`: writes puzzle files to open in
 * the editor — generated sudokus and mazes (the training generators, seeded), or ARC tasks from the
 * Kaggle files as single-task JSON.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  arcTaskFileText,
  buildArcTaskSet,
  loadArcCollections,
  mazeFileText,
  sudokuFileText,
} from '../trm/data';
import {
  generateSudoku,
  generateSudokuInBand,
  gradeSudoku,
  parseSudokuMix,
  pickBand,
  SUDOKU_9X9_BANDS,
  type SudokuPuzzle,
  type SudokuSize,
} from '../puzzles/sudoku/generate';
import { generateMaze, parseLoopRange } from '../puzzles/maze/generate';
import { boardFor } from '../puzzles/sudoku';
import { Rng } from '../puzzles/common/random';
import { arcDataDir } from '../trm/train/datasets';
import { choiceOption, intOption, parseArgs, stringOption } from './args';
import { makeOutputFolder } from '../util/output-folder';
import { CliError } from './io';
import { minPathOption } from './maze-options';

export const GENERATE_USAGE = `usage: trm generate --kind sudoku|maze|arc [options]
  --count N          how many files (default 5)
  --size N           sudoku 4, 6 or 9 (default 9); maze side 5..200 (default 21); ARC: largest grid side (default 30)
  --givens N         sudoku givens (default: about a third of the cells)
  --difficulty D     sudoku: singles (naked/hidden singles suffice), search (needs guessing) or any (default singles)
  --band MIX         9x9 sudoku: draw from difficulty bands instead of --givens/--difficulty: one band or a
                     weighted mix such as easy:2,search:1. Bands: ${SUDOKU_9X9_BANDS.map((b) => `${b.name} (${b.description})`).join(', ')}
  --loops N|A-B      maze: open exactly N (or A..B) extra walls of a perfect maze, each a loop; only mazes
                     whose shortest S-G path is unique are kept (default: each wall opened with chance 0.05)
  --min-path F       maze: keep only mazes whose shortest path is at least F x side x side steps (default 0.125;
                     trm train's tiny preset trains on 0.15)
  --seed N           (default 0)
  --solved           write the solution too (sudoku: filled in below its # puzzle: line; maze: path drawn; ARC: test outputs)
  --out DIR          (default generated/KIND)`;

export function generateCommand(argv: string[], io: { out: (t: string) => void }): number {
  const args = parseArgs(argv, ['kind', 'count', 'size', 'givens', 'difficulty', 'band', 'loops', 'min-path', 'seed', 'out'], ['solved']);
  if (!args.options.has('kind') || args.positional.length) throw new CliError(GENERATE_USAGE);
  const kind = choiceOption(args, 'kind', ['sudoku', 'maze', 'arc'] as const, 'sudoku');
  const count = intOption(args, 'count', 5, 1, 100000);
  const seed = intOption(args, 'seed', 0, 0);
  const solved = args.options.has('solved');
  if (args.options.has('band') && kind !== 'sudoku') throw new CliError('--band is for --kind sudoku');
  if (args.options.has('loops') && kind !== 'maze') throw new CliError('--loops is for --kind maze');
  if (args.options.has('min-path') && kind !== 'maze') throw new CliError('--min-path is for --kind maze');
  const minPath = minPathOption(args);
  const out = stringOption(args, 'out') ?? join('generated', kind);
  makeOutputFolder(out);
  const written: string[] = [];
  const write = (name: string, text: string) => {
    const path = join(out, name);
    writeFileSync(path, text);
    written.push(path);
  };

  if (kind === 'sudoku') {
    const size = intOption(args, 'size', 9, 4, 9);
    if (size !== 4 && size !== 6 && size !== 9) throw new CliError('--size for sudoku is 4, 6 or 9');
    const bandText = stringOption(args, 'band');
    if (bandText !== undefined && (args.options.has('givens') || args.options.has('difficulty'))) throw new CliError('--band replaces --givens and --difficulty: give one or the other');
    if (bandText !== undefined && size !== 9) throw new CliError('--band is for 9x9 sudoku');
    let mix;
    try {
      mix = bandText === undefined ? undefined : parseSudokuMix(bandText);
    } catch (e) {
      throw new CliError((e as Error).message);
    }
    const givens = intOption(args, 'givens', Math.round((size * size) / 3) + (size === 9 ? 3 : 1), 1, size * size);
    const difficulty = choiceOption(args, 'difficulty', ['singles', 'search', 'any'] as const, 'singles');
    const how = mix ? `--band ${bandText}` : `--givens ${givens} --difficulty ${difficulty}`;
    const board = boardFor(size)!;
    for (let i = 0; i < count; i++) {
      const rng = new Rng(seed, `generate/sudoku/${i}`);
      let puzzle: SudokuPuzzle;
      if (mix) {
        const band = pickBand(mix, rng);
        puzzle = { ...generateSudokuInBand(band, rng), band: band.name };
      } else puzzle = generateSudoku({ size: size as SudokuSize, givens, difficulty }, rng);
      const grade = gradeSudoku(puzzle.givens, board);
      const comments = [
        `generated by trm generate --kind sudoku --size ${size} ${how} --seed ${seed} (#${i + 1})`,
        `${puzzle.band ? `band ${puzzle.band}, ` : ''}${grade.givens} givens, hardest technique ${grade.hardest}, ${grade.guesses} guesses (depth ${grade.depth}) to prove it unique`,
      ];
      write(`sudoku-${size}x${size}-${seed}-${i + 1}.sudoku`, sudokuFileText(puzzle, { comments, withSolution: solved }));
    }
  } else if (kind === 'maze') {
    const size = intOption(args, 'size', 21, 5, 200);
    const loopsText = stringOption(args, 'loops');
    let loops: readonly [number, number] | undefined;
    try {
      loops = loopsText === undefined ? undefined : parseLoopRange(loopsText);
    } catch (e) {
      throw new CliError((e as Error).message);
    }
    for (let i = 0; i < count; i++) {
      const rng = new Rng(seed, `generate/maze/${i}`);
      const extra = loops && loops[0] + rng.int(loops[1] - loops[0] + 1);
      let maze;
      try {
        maze = generateMaze(
          {
            rows: size,
            cols: size,
            ...(extra !== undefined && { extraOpenings: extra }),
            ...(minPath !== undefined && { minPathLength: Math.floor(minPath * size * size) }),
          },
          rng,
        );
      } catch (e) {
        throw new CliError((e as Error).message, 1);
      }
      write(`maze-${size}x${size}-${seed}-${i + 1}.maze`, mazeFileText(maze, { withPath: solved }));
    }
  } else {
    const size = intOption(args, 'size', 30, 1, 30);
    const set = buildArcTaskSet(loadArcCollections(arcDataDir(), ['arc-agi_training']), { seed, select: { maxSide: size, count } });
    for (const entry of set.entries) write(`${entry.task.name}.arc.json`, arcTaskFileText(entry.task, { withTestOutputs: solved }));
  }
  io.out(`wrote ${written.length} files to ${out}\n`);
  return 0;
}
