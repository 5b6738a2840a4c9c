/**
 * ARC cells as colours, for an editor's colour decorations: where every cell digit of a task sits with its
 * colour, and which digit a picked colour becomes (the nearest ARC colour in RGB, since a colour picker
 * offers every colour and an ARC cell holds one of ten).
 */
import type { Node } from 'jsonc-parser';
import type { SourceRange, TextEditSpec } from '../types';
import type { ArcDocument, ArcGrid } from './parse';

/** Red, green, blue, each 0..255. */
export type Rgb = readonly [number, number, number];

/** The ARC colour palette as used by the ARC-AGI viewer, indexed by the digit: the one definition (hover pictures use it too). */
export const ARC_COLOURS: readonly string[] = [
  '#000000', '#0074D9', '#FF4136', '#2ECC40', '#FFDC00', '#AAAAAA', '#F012BE', '#FF851B', '#7FDBFF', '#870C25',
];

/**
 * At most this many cells are decorated. Ten train/test pairs of two full 30x30 grids are 18,000 cells, so
 * every real task is covered; a pasted huge file stops here instead of costing work per cell without end.
 */
export const MAX_COLOUR_CELLS = 20_000;

/** The palette as 0..255 RGB triples, indexed by the digit. */
export const ARC_RGB: readonly Rgb[] = ARC_COLOURS.map((hex): Rgb => {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
});

export interface ArcCellColour {
  range: SourceRange;
  colour: number;
}

/** The digit whose ARC colour is nearest (squared RGB distance, 0..255 per channel); ties go to the lower digit. */
export function nearestArcColour(rgb: Rgb): number {
  let best = 0;
  let bestDistance = Infinity;
  ARC_RGB.forEach(([r, g, b], digit) => {
    const distance = (rgb[0] - r) ** 2 + (rgb[1] - g) ** 2 + (rgb[2] - b) ** 2;
    if (distance < bestDistance) {
      best = digit;
      bestDistance = distance;
    }
  });
  return best;
}

/** Every cell that holds a colour digit 0..9, in every grid (valid or not), up to `cap` cells. */
export function arcCellColours(doc: ArcDocument, cap = MAX_COLOUR_CELLS): ArcCellColour[] {
  const out: ArcCellColour[] = [];
  if (!doc.syntaxOk) return out;
  for (const grid of grids(doc)) {
    for (const row of grid.rowNodes) {
      for (const cell of row.children ?? []) {
        if (out.length >= cap) return out;
        const colour = cellColour(cell);
        if (colour !== undefined) out.push({ range: doc.lines.rangeOf(cell.offset, cell.length), colour });
      }
    }
  }
  return out;
}

/**
 * The edit that writes the nearest ARC colour's digit into the cell that starts at `range.start` (also when
 * the digit is already there: the picker shows it as the current choice); none when no colour cell starts
 * there, as when the document changed under the picker.
 */
export function pickArcColour(doc: ArcDocument, range: SourceRange, rgb: Rgb): TextEditSpec[] {
  const cell = cellAt(doc, doc.lines.offsetAt(range.start));
  if (!cell) return [];
  const digit = String(nearestArcColour(rgb));
  const at = doc.lines.rangeOf(cell.offset, cell.length);
  return [{ range: at, newText: digit }];
}

function cellAt(doc: ArcDocument, offset: number): Node | undefined {
  if (!doc.syntaxOk) return undefined;
  for (const grid of grids(doc)) {
    if (offset < grid.node.offset || offset > grid.node.offset + grid.node.length) continue;
    for (const row of grid.rowNodes) {
      if (offset < row.offset || offset > row.offset + row.length) continue;
      const cell = (row.children ?? []).find((c) => c.offset === offset);
      return cell && cellColour(cell) !== undefined ? cell : undefined;
    }
  }
  return undefined;
}

function* grids(doc: ArcDocument): Generator<ArcGrid> {
  for (const pair of [...doc.train, ...doc.test]) {
    if (pair.input) yield pair.input;
    if (pair.output) yield pair.output;
  }
}

function cellColour(cell: Node): number | undefined {
  const v: unknown = cell.value;
  return cell.type === 'number' && typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 9 ? v : undefined;
}
