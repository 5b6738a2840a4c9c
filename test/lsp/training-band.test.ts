/**
 * The outside-band note through the real server: with a 9x9 sudoku model whose card records a singles band
 * of 30-38 givens, the hover over a 24-given puzzle that needs search says it is harder than the band; the
 * hover over a puzzle inside the band says nothing of the kind. The same model through `trm solve` (a child
 * process) prints the same sentence on stderr.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { Rng } from '../../server/src/puzzles/common/random';
import { generateSudokuInBand, sudokuBand } from '../../server/src/puzzles/sudoku/generate';
import { sudokuFileText } from '../../server/src/trm/data/puzzle-files';
import { tempDir } from '../trm/model-fixtures';
import { LspHarness } from './harness';

const ROOT = join(__dirname, '../..');
const SHIPPED = join(ROOT, 'models/sudoku-9x9.onnx');
const NOTE = /This puzzle \(2\d givens; needs search \(singles stall\)\) is harder than [\w-]+'s training band \(30-38 givens, singles\): expect errors\./;

describe('the outside-band note', () => {
  let dir: string;
  let modelPath: string;
  let lsp: LspHarness;
  const rng = new Rng(3, 'lsp-training-band');
  const hard = sudokuFileText(generateSudokuInBand(sudokuBand('search'), rng));
  const easy = sudokuFileText(generateSudokuInBand(sudokuBand('easy'), rng));

  before(async () => {
    dir = tempDir('trm-lsp-band-');
    modelPath = join(dir, 'banded.onnx');
    copyFileSync(SHIPPED, modelPath);
    const card = JSON.parse(readFileSync(SHIPPED.replace(/\.onnx$/, '.card.json'), 'utf8'));
    card.trainingBand = { kind: 'sudoku', size: 9, givens: [30, 38], hardest: 'hidden-single', description: '30-38 givens, singles' };
    writeFileSync(join(dir, 'banded.card.json'), JSON.stringify(card));
    lsp = await LspHarness.start({ settings: { models: { sudoku: modelPath }, maxSupervisionSteps: 2 }, env: { TRM_MODELS_DIR: tempDir('trm-no-shipped-') } });
  });
  after(async () => {
    await lsp.stop();
  });

  async function hoverText(uri: string, text: string): Promise<string> {
    await lsp.open(uri, 'sudoku', text);
    await lsp.diagnosticsFor(uri, 1);
    // The first hover may come before the model has answered: ask until the recursion is there.
    for (let attempt = 0; attempt < 20; attempt++) {
      const hover = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
      const value = (hover!.contents as MarkupContent).value;
      if (value.includes('TRM recursion')) return value;
    }
    assert.fail('the hover never showed the model recursion');
  }

  it('the hover over a puzzle harder than the band says so, and one inside the band does not', async () => {
    assert.match(await hoverText('file:///work/hard.sudoku', hard), NOTE);
    assert.doesNotMatch(await hoverText('file:///work/easy.sudoku', easy), /training band/);
  });

  it('trm solve says the same on stderr', () => {
    const file = join(dir, 'hard.sudoku');
    writeFileSync(file, hard);
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'solve', file, '--model', modelPath, '--steps', '2', '--device', 'cpu'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, NOTE);
    const inside = join(dir, 'easy.sudoku');
    writeFileSync(inside, easy);
    const e = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'solve', inside, '--model', modelPath, '--steps', '2', '--device', 'cpu'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(e.status, 0, e.stderr);
    assert.doesNotMatch(e.stderr, /training band/);
  });
});
