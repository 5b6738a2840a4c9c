/** Applies domain text edits (line/character ranges) to a string: used by the CLI and by tests. */
import { LineIndex } from '../puzzles/common/text';
import type { TextEditSpec } from '../puzzles/types';

/** Edits must not overlap; they are applied from the end so earlier offsets stay valid. */
export function applyTextEdits(text: string, edits: readonly TextEditSpec[]): string {
  const index = new LineIndex(text);
  const resolved = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText }))
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
