/**
 * "TRM: Learn This Task" in a real VS Code (code-server + headless Chromium, as vscode.e2e.test.ts): on an ARC-AGI-1
 * training task the shipped model was not trained on, written into the workspace, the command from the palette
 * shows its progress (step, loss, held-out demonstration, ETA) in a notification, says when it has learned the
 * task, and the hover of the test pair then shows attempt 1 and attempt 2 as pictures with their votes. A step
 * budget of 8 (the trm.learnTask.steps setting) keeps it well under a minute. Run alone with
 * `node scripts/test.mjs test/e2e/learn-task.e2e.test.ts`.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { arcDataDir } from '../../server/src/trm/train/datasets';
import { skipReason } from './support/paths';
import { writeUserSettings } from './support/profile';
import { LOGS_DIR, startSession, type Session } from './support/session';
import { hoverAt, waitForHoverImages } from './support/editor-widgets';
import { waitForNotification } from './support/status-area';
import { editorTitleActions } from './support/extension-pages';

const FILE = 'arc/unseen-62c24649.arc.json';

describe('learning an unseen ARC task in VS Code', { skip: skipReason() }, () => {
  let session: Session | undefined;
  let text = '';
  before(async () => {
    session = await startSession();
    const challenges = JSON.parse(readFileSync(join(arcDataDir(), 'arc-agi_training_challenges.json'), 'utf8')) as Record<string, unknown>;
    text = `${JSON.stringify(challenges['62c24649'], null, 2).replace(/\[\s+((?:\d+,\s*)*\d+)\s+\]/g, (_, cells: string) => `[${cells.replace(/,\s*/g, ', ')}]`)}\n`;
    mkdirSync(join(session.profile.workspace, 'arc'), { recursive: true });
    writeFileSync(join(session.profile.workspace, FILE), text);
    writeUserSettings(session.profile, { 'trm.learnTask.steps': 8 });
    await session.workbench.load(FILE);
  });
  after(async () => {
    await session?.stop();
  });

  it('runs Learn This Task with live progress, then the hover shows the two attempts', { timeout: 240_000 }, async () => {
    assert.ok(session);
    const wb = session.workbench;
    try {
      // The palette lists the command once the client has set trm.puzzleKind (the title bar's Solve shows it).
      await wb.waitFor('the puzzle commands in the title bar', async () => ((await editorTitleActions(wb)).some((a) => a.startsWith('Solve Puzzle')) ? true : undefined));
      await wb.runCommand('TRM: Learn This Task');
      await waitForNotification(wb, /step \d+\/8 · loss \d+\.\d{3} · held-out demo .* · ETA \d+ s/);
      await wb.screenshot('learn-task-progress');
      const done = await waitForNotification(wb, /TRM learned this task: reproduces \d of 3 demonstration pairs/);
      assert.match(done, /UNVERIFIED/);

      // On the test pair's "input" key: over a cell digit the colour picker would take the hover's place.
      const lines = text.split('\n');
      const testLine = lines.findIndex((l) => l.includes('"test"'));
      const row = lines.findIndex((l, i) => i > testLine && l.includes('"input"'));
      const hover = await hoverAt(wb, row + 1, lines[row]!.indexOf('"input"') + 3, (h) => /Attempt 1/.test(h.text) && h.images.length >= 1);
      await waitForHoverImages(wb);
      await wb.screenshot('learn-task-attempts-hover');
      assert.match(hover.text, /TRM adapted to this task — UNVERIFIED/);
      assert.match(hover.text, /Attempt 1 — \d+ of 16 votes/);
      assert.match(hover.text, /Attempt 2( — \d+ of 16 votes|: none)/);
      assert.ok(hover.images.some((src) => src.startsWith('data:image/png')), 'the attempts are pictures');
    } catch (error) {
      console.log(`# logs: ${LOGS_DIR}`);
      if (error instanceof Error) error.message += `\n  screenshot: ${await wb.screenshot('failure-learn-task').catch(() => 'none')}`;
      throw error;
    }
  });
});
