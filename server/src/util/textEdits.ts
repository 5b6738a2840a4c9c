/** Applies domain text edits (line/character ranges) to a string: used by the CLI and by tests. */
import type { SourcePosition, TextEditSpec } from '../puzzles/types';

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

export function offsetAt(starts: readonly number[], text: string, position: SourcePosition): number {
  if (position.line >= starts.length) return text.length;
  if (position.line < 0) return 0;
  const lineStart = starts[position.line]!;
  const nextLineStart = position.line + 1 < starts.length ? starts[position.line + 1]! : text.length;
  return Math.max(lineStart, Math.min(lineStart + position.character, nextLineStart));
}

/** Edits must not overlap; they are applied from the end so earlier offsets stay valid. */
export function applyTextEdits(text: string, edits: readonly TextEditSpec[]): string {
  const starts = lineStarts(text);
  const resolved = edits
    .map((e) => ({ start: offsetAt(starts, text, e.range.start), end: offsetAt(starts, text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let lastStart = Number.POSITIVE_INFINITY;
  for (const e of resolved) {
    if (e.end > lastStart) throw new Error('overlapping text edits');
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    lastStart = e.start;
  }
  return out;
}
