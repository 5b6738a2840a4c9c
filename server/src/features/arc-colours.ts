/**
 * Colour decorations for ARC task files: each cell digit shown as its ARC colour, and a colour picked in the
 * editor's picker written back as the digit of the nearest ARC colour.
 */
import type { Color, ColorInformation, ColorPresentation, Range } from 'vscode-languageserver';
import type { OpenPuzzle } from '../documents/puzzle-documents';
import { ARC_COLOUR_NAMES, ARC_RGB, arcCellColours, nearestArcColour, pickArcColour, type ArcDocument } from '../puzzles/arc';

export function arcDocumentColours(puzzle: OpenPuzzle): ColorInformation[] {
  if (puzzle.kind !== 'arc') return [];
  return arcCellColours(puzzle.parsed as ArcDocument).map(({ range, colour }) => {
    const [red, green, blue] = ARC_RGB[colour]!;
    return { range, color: { red: red / 255, green: green / 255, blue: blue / 255, alpha: 1 } };
  });
}

export function arcColourPresentations(puzzle: OpenPuzzle, color: Color, range: Range): ColorPresentation[] {
  if (puzzle.kind !== 'arc') return [];
  const rgb = [color.red, color.green, color.blue].map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255)) as [number, number, number];
  const [edit] = pickArcColour(puzzle.parsed as ArcDocument, range, rgb);
  if (!edit) return [];
  const digit = nearestArcColour(rgb);
  return [{ label: `${digit} (${ARC_COLOUR_NAMES[digit]})`, textEdit: edit }];
}
