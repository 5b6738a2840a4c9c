// Draws the extension's icon, media/icon.png (256x256), with the project's own PNG writer: a 3x3 sudoku-like
// grid whose last cell holds the grid again, three levels deep — a puzzle solved by recursing into itself.
//   node --import tsx scripts/render-icon.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawGlyph, GLYPH_HEIGHT } from '../server/src/render/glyphs';
import { hexRgb, Raster } from '../server/src/render/png';

const SIZE = 256;
const BACKGROUND = hexRgb('#1b2540');
const LINES = hexRgb('#c9d4ee');
const DIGITS = hexRgb('#ffffff');
const ACCENT = hexRgb('#f5a623');
/** The digits of each level's cells, row by row; the last cell (index 8) is the next level. */
const GIVENS = ['1', '', '3', '', '2', '', '3', '', ''];

function drawGrid(raster: Raster, x: number, y: number, side: number, depth: number): void {
  const cell = Math.floor(side / 3);
  const line = Math.max(1, Math.round(side / 40));
  for (let i = 0; i < 9; i++) {
    const cx = x + (i % 3) * cell;
    const cy = y + Math.floor(i / 3) * cell;
    const digit = GIVENS[i];
    // Digits only where they stay legible (the font is 7 pixels high).
    if (digit && cell >= 2 * GLYPH_HEIGHT) drawGlyph(raster, digit, cx, cy, cell, DIGITS);
  }
  for (let k = 1; k < 3; k++) {
    raster.fillRect(x + k * cell - Math.floor(line / 2), y, line, 3 * cell, LINES);
    raster.fillRect(x, y + k * cell - Math.floor(line / 2), 3 * cell, line, LINES);
  }
  raster.strokeRect(x, y, 3 * cell, 3 * cell, line * 2, depth === 0 ? LINES : ACCENT);
  const inner = x + 2 * cell;
  const innerY = y + 2 * cell;
  if (depth < 3 && cell > 12) {
    const pad = Math.max(2, Math.round(cell / 10));
    drawGrid(raster, inner + pad, innerY + pad, cell - 2 * pad, depth + 1);
  } else {
    raster.fillRect(inner + line * 2, innerY + line * 2, cell - line * 4, cell - line * 4, ACCENT);
  }
}

const raster = new Raster(SIZE, SIZE);
raster.fillRect(0, 0, SIZE, SIZE, BACKGROUND);
drawGrid(raster, 20, 20, SIZE - 40, 0);
const out = join(__dirname, '..', 'media', 'icon.png');
writeFileSync(out, raster.toPng());
console.log(`wrote ${out}`);
