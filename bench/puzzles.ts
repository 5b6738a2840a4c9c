/**
 * Timings of what runs on every keystroke: parse + diagnose of a document, for each puzzle kind.
 * Each figure is the median of many runs after a warm-up. Run directly: `node --import tsx bench/puzzles.ts`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { arcLanguage, mazeLanguage, sudokuLanguage } from '../server/src/puzzles';
import type { ParsedPuzzle, PuzzleLanguage } from '../server/src/puzzles/types';
// The sudoku tests' puzzles: an easy classic and two of the hardest known.
import { EASY as EASY_9X9, INKALA as INKALA_2012, PLATINUM_BLONDE } from '../test/unit/puzzles/sudoku-fixtures';

/** A 10-pair ARC task of random size x size grids, laid out one row per line like the examples. */
function arcTask(pairs: number, size: number): string {
  let seed = 12345;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 10;
  const grid = (indent: string): string => {
    const rows = Array.from({ length: size }, () => `${indent}  [${Array.from({ length: size }, next).join(', ')}]`);
    return `[\n${rows.join(',\n')}\n${indent}]`;
  };
  const pair = (withOutput: boolean): string =>
    `    {\n      "input": ${grid('      ')}${withOutput ? `,\n      "output": ${grid('      ')}` : ''}\n    }`;
  const train = Array.from({ length: pairs }, () => pair(true)).join(',\n');
  return `{\n  "train": [\n${train}\n  ],\n  "test": [\n${pair(false)}\n  ]\n}\n`;
}

/** The maze with its shortest path drawn, so the drawn-path check runs too. */
function withPath(text: string): string {
  const doc = mazeLanguage.parse(text);
  const solved = mazeLanguage.exactSolve(doc, 0);
  if (solved.status !== 'unique') throw new Error('bench maze has no solution');
  return solved.answer.map((row) => row.map((t) => mazeLanguage.tokenText(t)).join('')).join('\n') + '\n';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time<D extends ParsedPuzzle>(language: PuzzleLanguage<D>, text: string, runs: number): number {
  const once = (): number => {
    const start = performance.now();
    language.diagnose(language.parse(text));
    return performance.now() - start;
  };
  for (let i = 0; i < Math.min(50, runs); i++) once();
  return median(Array.from({ length: runs }, once));
}

export async function benchPuzzles(): Promise<{ name: string; ms: number }[]> {
  const maze60 = readFileSync(fileURLToPath(new URL('../test/fixtures/maze/60x60.maze', import.meta.url)), 'utf8');
  const maze30 = readFileSync(fileURLToPath(new URL('../examples/maze/hard-30x30.maze', import.meta.url)), 'utf8');
  return [
    { name: 'sudoku 9x9 easy: parse + diagnose', ms: time(sudokuLanguage, EASY_9X9, 500) },
    { name: 'sudoku 9x9 hard (Inkala 2012): parse + diagnose', ms: time(sudokuLanguage, INKALA_2012, 300) },
    { name: 'sudoku 9x9 hard (Platinum Blonde): parse + diagnose', ms: time(sudokuLanguage, PLATINUM_BLONDE, 300) },
    { name: 'maze 30x30: parse + diagnose', ms: time(mazeLanguage, maze30, 300) },
    { name: 'maze 60x60: parse + diagnose', ms: time(mazeLanguage, maze60, 300) },
    { name: 'maze 60x60 with its path drawn: parse + diagnose', ms: time(mazeLanguage, withPath(maze60), 300) },
    { name: 'arc 10 pairs of 10x10: parse + diagnose', ms: time(arcLanguage, arcTask(10, 10), 300) },
    { name: 'arc 10 pairs of 30x30: parse + diagnose', ms: time(arcLanguage, arcTask(10, 30), 200) },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  void benchPuzzles().then((results) => {
    for (const { name, ms } of results) console.log(`${name.padEnd(56)} ${ms.toFixed(3)} ms`);
  });
}
