/** A 5x7 bitmap font for the few characters drawn inside grid cells (sudoku digits, maze S and G). */
import type { Raster, Rgb } from './png';

const GLYPHS: Record<string, readonly string[]> = {
  '0': ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  '1': ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  '2': ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  '3': ['11111', '00010', '00100', '00010', '00001', '10001', '01110'],
  '4': ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  '5': ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  '6': ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  '7': ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  '8': ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  '9': ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
  S: ['01111', '10000', '10000', '01110', '00001', '00001', '11110'],
  G: ['01110', '10001', '10000', '10111', '10001', '10001', '01111'],
  '?': ['01110', '10001', '00001', '00010', '00100', '00000', '00100'],
};

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;

/** Draws `ch` centred in the box at (x, y, size x size), scaled to fit; unknown characters draw nothing. */
export function drawGlyph(raster: Raster, ch: string, x: number, y: number, size: number, rgb: Rgb): void {
  const glyph = GLYPHS[ch];
  if (!glyph) return;
  const scale = Math.max(1, Math.floor((size * 0.7) / GLYPH_HEIGHT));
  const w = GLYPH_WIDTH * scale;
  const h = GLYPH_HEIGHT * scale;
  const ox = x + Math.floor((size - w) / 2);
  const oy = y + Math.floor((size - h) / 2);
  glyph.forEach((row, gy) => {
    for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
      if (row[gx] === '1') raster.fillRect(ox + gx * scale, oy + gy * scale, scale, scale, rgb);
    }
  });
}
