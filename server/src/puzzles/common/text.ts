/**
 * Source text helpers shared by the puzzle parsers: splitting into lines the way editors do, and converting
 * between string offsets and zero-based line/UTF-16 character positions (the LSP convention).
 */
import type { SourcePosition, SourceRange } from '../types';

/** One line of the source, without its terminator. `start` is the offset of its first character. */
export interface SourceLine {
  index: number;
  start: number;
  text: string;
}

/** Offsets of every line start; lines end at `\n`, `\r\n` or a lone `\r`, as in VS Code and LSP. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (ch === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

export function splitLines(text: string): SourceLine[] {
  const starts = lineStarts(text);
  const lines: SourceLine[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    let end = i + 1 < starts.length ? starts[i + 1]! : text.length;
    if (i + 1 < starts.length) {
      // Drop the terminator: "\n", "\r\n" or "\r".
      if (text.charCodeAt(end - 1) === 10) end--;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
    }
    lines.push({ index: i, start, text: text.slice(start, end) });
  }
  return lines;
}

/** The line terminator the document mostly uses, so inserted lines match it. */
export function detectEol(text: string): string {
  const i = text.indexOf('\n');
  if (i > 0 && text.charCodeAt(i - 1) === 13) return '\r\n';
  if (i < 0 && text.includes('\r')) return '\r';
  return '\n';
}

/** Offset <-> position conversion by binary search over the line-start table. */
export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    this.starts = lineStarts(text);
  }

  positionAt(offset: number): SourcePosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.starts[lo]! };
  }

  offsetAt(position: SourcePosition): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line]!;
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1]! : this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }

  rangeOf(offset: number, length: number): SourceRange {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }

  /** The leading whitespace of the line holding `offset`. */
  indentationAt(offset: number): string {
    const { line } = this.positionAt(offset);
    const start = this.starts[line]!;
    let end = start;
    while (end < this.text.length && (this.text[end] === ' ' || this.text[end] === '\t')) end++;
    return this.text.slice(start, end);
  }
}

export function range(line: number, startCharacter: number, endCharacter: number): SourceRange {
  return { start: { line, character: startCharacter }, end: { line, character: endCharacter } };
}

export function spanRange(from: SourceRange, to: SourceRange): SourceRange {
  return { start: from.start, end: to.end };
}

export function comparePositions(a: SourcePosition, b: SourcePosition): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

/** Whether `position` lies in `r`, counting its end too (a cursor just after a character still touches it). */
export function touches(r: SourceRange, position: SourcePosition): boolean {
  return comparePositions(r.start, position) <= 0 && comparePositions(position, r.end) <= 0;
}

/** Whether `position` is on a character of `r` (the end excluded). */
export function isInside(r: SourceRange, position: SourcePosition): boolean {
  return comparePositions(r.start, position) <= 0 && comparePositions(position, r.end) < 0;
}

/** "1st", "2nd" ... for messages. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}
