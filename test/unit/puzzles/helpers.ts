/**
 * Small helpers for the puzzle tests: applying edits the way an editor does, range shorthands, a seeded
 * random generator and file access to fixtures and examples.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LineIndex } from '../../../server/src/puzzles/common/text';
import type { SourceRange, TextEditSpec } from '../../../server/src/puzzles/types';

/** Applies non-overlapping edits, all relative to `text`, as an LSP client would. */
export function applyEdits(text: string, edits: readonly TextEditSpec[]): string {
  const index = new LineIndex(text);
  const spans = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.end > spans[i - 1]!.start) throw new Error('overlapping edits');
  }
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

export function r(line: number, start: number, end: number, endLine = line): SourceRange {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

/** mulberry32: a tiny seeded generator so fuzz cases are reproducible. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function repoFile(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), 'utf8');
}

export function repoPath(path: string): string {
  return fileURLToPath(new URL(`../../../${path}`, import.meta.url));
}

/** Digits grid from a compact string ('.' or '0' blank), for expected values. */
export function digits(s: string, n: number): number[][] {
  const flat = [...s.replace(/\s/g, '')].map((c) => (c === '.' ? 0 : Number(c)));
  return Array.from({ length: n }, (_, i) => flat.slice(i * n, (i + 1) * n));
}
