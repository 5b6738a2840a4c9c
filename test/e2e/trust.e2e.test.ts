/**
 * The extension in an untrusted folder (Restricted Mode), in a real VS Code (code-server + headless Chromium):
 * package.json declares `untrustedWorkspaces: limited`, so diagnostics and hovers still work there, while
 * "TRM: Train Model", which runs a program in the workspace, is refused with a message and starts nothing, and
 * the settings it lists as restricted (model files, device) are ignored when the workspace sets them: the
 * workspace here asks for a model file that does not exist and for CUDA, and the shipped model serves on CPU.
 * A separate session from vscode.e2e.test.ts: trust is switched on only here.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hoverAt, waitForSquiggles } from './support/editor-widgets';
import { EXAMPLES_DIR, skipReason } from './support/paths';
import { firstSudokuCell } from './support/puzzle-text';
import { LOGS_DIR, startSession, type Session } from './support/session';
import { notifications, waitForNotification, waitForProblems, waitForStatusBarItem } from './support/status-area';

const DUPLICATE = 'broken/duplicate.sudoku';
const SIX = 'sudoku/six-6x6.sudoku';
/** What a workspace could ask for that Restricted Mode must not grant (package.json restrictedConfigurations). */
const WORKSPACE_SETTINGS = { 'trm.models.sudoku': '/nonexistent/workspace-chosen.onnx', 'trm.device': 'cuda' };

describe('TRM Puzzles in an untrusted folder (Restricted Mode)', { skip: skipReason() }, () => {
  let session: Session | undefined;
  let failed = false;

  before(async () => {
    try {
      session = await startSession({ restricted: true });
      mkdirSync(session.workbench.absolute('.vscode'), { recursive: true });
      writeFileSync(session.workbench.absolute('.vscode/settings.json'), JSON.stringify(WORKSPACE_SETTINGS, null, 2));
      await session.workbench.load(DUPLICATE);
    } catch (error) {
      failed = true;
      throw error;
    }
  });

  after(async () => {
    await session?.stop();
    if (failed) console.log(`# code-server, extension host, "TRM Puzzles" output and browser console logs: ${LOGS_DIR}`);
  });

  it('shows diagnostics and hovers, refuses "TRM: Train Model" with a message, and ignores the workspace\'s model and device', { timeout: 240_000 }, async () => {
    assert.ok(session);
    const wb = session.workbench;
    try {
      // The workbench really is in Restricted Mode (else this test would prove nothing).
      await waitForStatusBarItem(wb, /Restricted Mode/);

      const squiggles = await waitForSquiggles(wb, 'error');
      const problems = await waitForProblems(wb, 'at least one error in Problems', (p) => p.errors >= 1);
      const duplicate = firstSudokuCell(readFileSync(join(EXAMPLES_DIR, DUPLICATE), 'utf8'), /5/);
      const hover = await hoverAt(wb, duplicate.line, duplicate.column, (h) => /appears twice/.test(h.text) && h.images.length > 0);
      await wb.screenshot('restricted-mode-diagnostics-hover');

      await wb.runCommand('TRM: Train Model');
      const refusal = await waitForNotification(wb, /not available in Restricted Mode/);
      await wb.screenshot('restricted-mode-train-refused');

      assert.ok(squiggles >= 1, `squiggles: ${squiggles}`);
      assert.ok(problems.errors >= 1, `problems: ${JSON.stringify(problems)}`);
      assert.match(hover.text, /5 appears twice in row 1/, hover.text);
      assert.match(refusal, /TRM: Train Model is not available in Restricted Mode: training runs a program that writes into this workspace/);
      // Nothing was asked and nothing ran: no quick pick for the kind, no run folder.
      assert.ok(!(await notifications(wb)).some((m) => /training .* ended/.test(m)));
      assert.equal(existsSync(wb.absolute('trm-runs')), false, 'a training run folder was created');

      // The workspace's model file and device are ignored: the shipped 6x6 model answers, on the CPU.
      await wb.openFile(SIX);
      const blank = firstSudokuCell(readFileSync(join(EXAMPLES_DIR, SIX), 'utf8'), /\./);
      const recursion = await hoverAt(wb, blank.line, blank.column, (h) => /TRM recursion|model/i.test(h.text) && h.images.length >= 2);
      await wb.screenshot('restricted-mode-shipped-model');
      assert.match(recursion.text, /TRM recursion — sudoku-6x6-tiny on CPU/, recursion.text);
      assert.doesNotMatch(recursion.text, /workspace-chosen|CUDA/, recursion.text);
      assert.ok(!(await notifications(wb)).some((m) => /workspace-chosen|CUDA/.test(m)), JSON.stringify(await notifications(wb)));
    } catch (error) {
      failed = true;
      if (error instanceof Error && !error.message.includes('screenshot:')) {
        const shot = await wb.screenshot('failure-restricted-mode').catch(() => undefined);
        if (shot) error.message += `\n  screenshot: ${shot}`;
      }
      throw error;
    }
  });
});
