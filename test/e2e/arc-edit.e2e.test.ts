/**
 * Editing an ARC task in a real VS Code (code-server + headless Chromium, as vscode.e2e.test.ts): the cells
 * of the grids carry colour swatches in the ARC palette, and the "Resize the output" code action on the test
 * pair writes a new output grid into the file. Run alone with `node scripts/test.mjs test/e2e/arc-edit.e2e.test.ts`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXAMPLES_DIR, skipReason } from './support/paths';
import { LOGS_DIR, startSession, type Session } from './support/session';
import { openCodeActions, pickCodeAction } from './support/editor-widgets';

const FILE = 'arc/d037b0a7.arc.json';
/** The ARC-AGI viewer's palette as CSS computes it, written out here rather than taken from the product. */
const PALETTE = ['000000', '0074D9', 'FF4136', '2ECC40', 'FFDC00', 'AAAAAA', 'F012BE', 'FF851B', '7FDBFF', '870C25'].map(
  (h) => `rgb(${[0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16)).join(', ')})`,
);

describe('editing ARC grids in VS Code', { skip: skipReason() }, () => {
  let session: Session | undefined;
  before(async () => {
    session = await startSession();
    await session.workbench.load(FILE);
  });
  after(async () => {
    await session?.stop();
  });

  it('shows each cell in its ARC colour, and the resize action writes the test output', { timeout: 180_000 }, async () => {
    assert.ok(session);
    const wb = session.workbench;
    try {
      const original = readFileSync(join(EXAMPLES_DIR, FILE), 'utf8');
      const digitsOnScreen = async () => (await wb.visibleText()).split('\n').filter((l) => /^\s*\[[\d,\s]+\],?\s*$/.test(l)).join('').match(/\d/g) ?? [];
      // The swatches the editor draws before each cell digit on the lines it shows.
      const swatches = await wb.waitFor('colour swatches before the cells', async () => {
        const colours = await wb.page
          .locator('.monaco-editor .view-lines .colorpicker-color-decoration')
          .evaluateAll((els: Array<{ ownerDocument: { defaultView: { getComputedStyle(e: unknown): { backgroundColor: string } } | null } }>) =>
            els.map((el) => el.ownerDocument.defaultView?.getComputedStyle(el).backgroundColor ?? ''),
          );
        return colours.length > 0 && colours.length >= (await digitsOnScreen()).length ? colours : undefined;
      });
      await wb.screenshot('arc-colour-swatches');
      const digits = await digitsOnScreen();
      assert.equal(swatches.length, digits.length, `swatches ${JSON.stringify(swatches)} for digits ${digits.join('')}`);
      assert.deepEqual(swatches, digits.map((d) => PALETTE[Number(d)]));

      // The test input's first row; the test pair has no output yet.
      const lines = original.split('\n');
      const testLine = lines.findIndex((l) => l.includes('"test"'));
      const row = lines.findIndex((l, i) => i > testLine && /^\s*\[\d/.test(l));
      const column = lines[row]!.indexOf('[') + 2;
      await openCodeActions(wb, row + 1, column, 'Resize the output to 3×3');
      await pickCodeAction(wb, 'Resize the output to 3×3');
      const saved = await wb.waitFor('the output written', async () => {
        const text = await wb.savedText(FILE);
        return text.includes('"output"', original.indexOf('"test"')) ? text : undefined;
      });
      await wb.screenshot('arc-resized-output');
      const task = JSON.parse(saved) as { train: unknown; test: Array<{ input: number[][]; output?: number[][] }> };
      const before = JSON.parse(original) as typeof task;
      assert.deepEqual(task.train, before.train);
      assert.deepEqual(task.test[0]!.input, before.test[0]!.input);
      assert.deepEqual(task.test[0]!.output, [[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
      assert.match(saved, /"output": \[\n\s+\[0, 0, 0\],\n\s+\[0, 0, 0\],\n\s+\[0, 0, 0\]\n\s+\]/);
    } catch (error) {
      console.log(`# logs: ${LOGS_DIR}`);
      if (error instanceof Error) error.message += `\n  screenshot: ${await wb.screenshot('failure-arc-edit').catch(() => 'none')}`;
      throw error;
    }
  });
});
