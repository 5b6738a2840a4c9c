/**
 * The extension in a real VS Code: code-server (VS Code 1.100 for the web) with the built extension installed,
 * a copy of examples/ as the workspace, and headless Chromium as the user. Each scenario is something a person
 * does, asserts what they would see, and leaves a screenshot under test-results/e2e/.
 *
 * The extension under test is the packaged .vsix (`npm run package`), installed with `code-server
 * --install-extension`. Needs scripts/e2e/setup-code-server.sh; scripts/e2e/run.mjs (which `npm test` calls)
 * runs the setup and packages the .vsix when it is missing or stale. Skips in one line when the setup is not
 * there or TRM_E2E=0.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { EXAMPLES_DIR, PROJECT_ROOT, skipReason } from './support/paths';
import { firstArcCell, firstSudokuCell, mazePathCells, sudokuBlanks, sudokuRows } from './support/puzzleText';
import { LOGS_DIR, startSession, type Session } from './support/session';
import { hoverAt, openCodeActions, pickCodeAction, scrollHoverToEnd, waitForHoverImages, waitForSquiggles } from './support/editorWidgets';
import { waitForWebview } from './support/panels';
import { clearNotifications, statusBarItems, waitForNotification, waitForProblems, waitForStatusBarItem } from './support/statusArea';
import type { Workbench } from './support/workbench';
import { writeFixtureModel } from '../trm/model-fixtures';

/** Generous per-scenario ceiling: a hang fails the test instead of the whole run. */
const SCENARIO = { timeout: 180_000 };

/** The scenario that runs on the file the workbench was loaded with (so it closes nothing first). */
const FIRST_SCENARIO = 'a duplicate digit in a sudoku row is squiggled and counted in Problems';

/** The examples the scenarios open (README in examples/ says what each one shows). */
const FILES = {
  duplicateSudoku: 'broken/duplicate.sudoku',
  easySudoku: 'sudoku/easy-9x9.sudoku',
  hardSudoku: 'sudoku/hard-9x9.sudoku',
  smallSudoku: 'sudoku/small-4x4.sudoku',
  sixSudoku: 'sudoku/six-6x6.sudoku',
  twoStartsMaze: 'broken/two-starts.maze',
  smallMaze: 'maze/small.maze',
  badColourArc: 'broken/bad-colour.arc.json',
  arcTask: 'arc/d037b0a7.arc.json',
};

/** Command palette titles, as contributed in package.json (category: title). */
const COMMANDS = {
  solve: 'TRM: Solve Puzzle',
  hint: 'TRM: Give a Hint',
  showRecursion: 'TRM: Show Recursion Steps',
};

/**
 * The sudoku example a shipped model solves (the largest board one ships for), or undefined when no sudoku
 * model ships: the recursion view then shows the model's steps; without one it must say clearly that there
 * is no model (DESIGN: a missing model gives a clear message).
 */
function sudokuExampleWithModel(): string | undefined {
  const models = join(PROJECT_ROOT, 'models');
  if (!existsSync(models)) return undefined;
  const sizes = readdirSync(models)
    .filter((name) => name.endsWith('.card.json'))
    .map((name) => JSON.parse(readFileSync(join(models, name), 'utf8')) as { kind?: string; canvas?: { rows?: number } })
    .filter((card) => card.kind === 'sudoku')
    .map((card) => card.canvas?.rows);
  const bySize: Record<number, string> = { 9: FILES.hardSudoku, 6: FILES.sixSudoku, 4: FILES.smallSudoku };
  return [9, 6, 4].filter((n) => sizes.includes(n)).map((n) => bySize[n]!)[0];
}

function example(file: string): string {
  return readFileSync(join(EXAMPLES_DIR, file), 'utf8');
}

describe('TRM Puzzles in VS Code (code-server + headless Chromium)', { skip: skipReason() }, () => {
  let session: Session | undefined;
  let failed = false;

  function workbench(): Workbench {
    assert.ok(session, 'the session did not start');
    return session.workbench;
  }

  before(async () => {
    try {
      session = await startSession();
      // The first file comes through the URL (the openFile payload); later ones through Quick Open.
      await session.workbench.load(FILES.duplicateSudoku);
    } catch (error) {
      failed = true;
      throw error;
    }
  });

  after(async () => {
    await session?.stop();
    if (failed) console.log(`# code-server, extension host, "TRM Puzzles" output and browser console logs: ${LOGS_DIR}`);
  });

  beforeEach(async (t) => {
    // Every scenario starts from an empty editor area, so Problems counts only its own file.
    if (t.name !== FIRST_SCENARIO) await workbench().closeAllEditors();
  });

  /**
   * Runs a scenario body. On failure: a screenshot of that moment (its path added to the error) and the logs'
   * location printed at the end.
   */
  function scenario(name: string, body: (wb: Workbench) => Promise<void>): void {
    it(name, SCENARIO, async () => {
      const wb = workbench();
      try {
        await body(wb);
      } catch (error) {
        failed = true;
        // Waits that time out have taken theirs already.
        if (error instanceof Error && !error.message.includes('screenshot:')) {
          const shot = await wb.screenshot(`failure-${name}`).catch(() => undefined);
          if (shot) error.message += `\n  screenshot: ${shot}`;
        }
        throw error;
      }
    });
  }

  scenario(FIRST_SCENARIO, async (wb) => {
    const squiggles = await waitForSquiggles(wb, 'error');
    const problems = await waitForProblems(wb, 'at least one error in Problems', (p) => p.errors >= 1);
    await wb.screenshot('sudoku-duplicate-diagnostics');
    assert.ok(squiggles >= 1, `squiggles: ${squiggles}`);
    assert.ok(problems.errors >= 1, `problems: ${JSON.stringify(problems)}`);
  });

  scenario('hovering a sudoku cell shows its row, column and a picture of the grid', async (wb) => {
    await wb.openFile(FILES.easySudoku);
    const cell = firstSudokuCell(example(FILES.easySudoku), /\d/);
    const hover = await hoverAt(wb, cell.line, cell.column, (h) => h.images.length > 0);
    await waitForHoverImages(wb);
    await wb.screenshot('sudoku-hover');
    assert.match(hover.text, /row/i);
    assert.match(hover.text, /column/i);
    assert.ok(hover.images.some((src) => src.startsWith('data:image/')), `images: ${hover.images.map((s) => s.slice(0, 40))}`);
  });

  scenario('the "Fill in the solution" code action fills every blank and keeps the givens', async (wb) => {
    await wb.openFile(FILES.easySudoku);
    const original = example(FILES.easySudoku);
    const blank = firstSudokuCell(original, /\./);
    const titles = await openCodeActions(wb, blank.line, blank.column, 'Fill in the solution');
    await wb.screenshot('sudoku-code-actions');
    await pickCodeAction(wb, 'Fill in the solution');
    await wb.waitForText('the grid to have no blanks left', (text) => sudokuBlanks(text) === 0);
    await wb.screenshot('sudoku-filled-by-code-action');

    const solved = await wb.savedText(FILES.easySudoku);
    assert.ok(titles.some((t) => t.includes('Fill in the solution')), `offered: ${JSON.stringify(titles)}`);
    assert.equal(sudokuBlanks(solved), 0, solved);
    const before = sudokuRows(original);
    const afterRows = sudokuRows(solved);
    assert.equal(afterRows.length, before.length, solved);
    before.forEach((row, r) =>
      [...row].forEach((ch, c) => {
        if (/\d/.test(ch)) assert.equal(afterRows[r]?.[c], ch, `given at row ${r + 1}, char ${c + 1} changed:\n${solved}`);
      }),
    );
  });

  scenario('a maze with two starts shows an error', async (wb) => {
    await wb.openFile(FILES.twoStartsMaze);
    const squiggles = await waitForSquiggles(wb, 'error');
    const problems = await waitForProblems(wb, 'at least one error in Problems', (p) => p.errors >= 1);
    await wb.screenshot('maze-two-starts-diagnostics');
    assert.ok(squiggles >= 1 && problems.errors >= 1, `squiggles ${squiggles}, problems ${JSON.stringify(problems)}`);
  });

  scenario('an ARC task with values that are not colours shows errors', async (wb) => {
    await wb.openFile(FILES.badColourArc);
    const squiggles = await waitForSquiggles(wb, 'error');
    const problems = await waitForProblems(wb, 'at least one error in Problems', (p) => p.errors >= 1);
    await wb.screenshot('arc-bad-colour-diagnostics');
    assert.ok(squiggles >= 1 && problems.errors >= 1, `squiggles ${squiggles}, problems ${JSON.stringify(problems)}`);
  });

  scenario('hovering an ARC cell shows a colour preview', async (wb) => {
    await wb.openFile(FILES.arcTask);
    const cell = firstArcCell(example(FILES.arcTask));
    const hover = await hoverAt(wb, cell.line, cell.column, (h) => h.images.length > 0);
    await waitForHoverImages(wb);
    await wb.screenshot('arc-hover');
    assert.ok(hover.images.some((src) => src.startsWith('data:image/')), `hover: ${hover.text}`);
  });

  scenario('"TRM: Solve Puzzle" fills a sudoku and says so', async (wb) => {
    await clearNotifications(wb);
    await wb.openFile(FILES.smallSudoku);
    assert.ok(sudokuBlanks(example(FILES.smallSudoku)) > 0);
    await wb.runCommand(COMMANDS.solve);
    const message = await waitForNotification(wb, /solv|solution|answer/i);
    await wb.waitForText('the grid to have no blanks left', (text) => sudokuBlanks(text) === 0);
    await wb.screenshot('sudoku-solved-by-command');
    assert.equal(sudokuBlanks(await wb.savedText(FILES.smallSudoku)), 0);
    assert.ok(message.length > 0);
  });

  scenario('"TRM: Solve Puzzle" draws the path through a maze', async (wb) => {
    await clearNotifications(wb);
    await wb.openFile(FILES.smallMaze);
    assert.equal(mazePathCells(example(FILES.smallMaze)), 0);
    await wb.runCommand(COMMANDS.solve);
    await waitForNotification(wb, /solv|solution|answer|path/i);
    await wb.waitForText('a path drawn with o', (text) => mazePathCells(text) > 0);
    await wb.screenshot('maze-solved-by-command');
    assert.ok(mazePathCells(await wb.savedText(FILES.smallMaze)) > 0);
  });

  scenario('"TRM: Give a Hint" fills one blank cell and says which', async (wb) => {
    await clearNotifications(wb);
    await wb.openFile(FILES.sixSudoku);
    const original = example(FILES.sixSudoku);
    const blanks = sudokuBlanks(original);
    const blank = firstSudokuCell(original, /\./);
    await wb.goTo(blank.line, blank.column);
    await wb.runCommand(COMMANDS.hint);
    const message = await waitForNotification(wb, /hint|row \d+/i);
    await wb.waitForText('one blank fewer', (text) => sudokuBlanks(text) === blanks - 1);
    await wb.screenshot('sudoku-hint-by-command');
    assert.equal(sudokuBlanks(await wb.savedText(FILES.sixSudoku)), blanks - 1);
    assert.match(message, /row \d+, column \d+/i);
  });

  scenario('the status bar shows the TRM model item on a puzzle and hides it elsewhere', async (wb) => {
    await wb.openFile(FILES.hardSudoku);
    const item = await waitForStatusBarItem(wb, /\bTRM\b/);
    await wb.screenshot('status-bar-on-sudoku');
    await wb.openFile('README.md');
    await wb.waitFor('the TRM status bar item to hide on README.md', async () =>
      (await statusBarItems(wb)).every((i) => i.id !== item.id),
    );
    assert.match(item.text, /TRM/);
  });

  scenario('"TRM: Show Recursion Steps" opens a preview of the recursion beside the puzzle', async (wb) => {
    const solvable = sudokuExampleWithModel();
    const withModel = solvable !== undefined;
    await wb.openFile(solvable ?? FILES.hardSudoku);
    await wb.runCommand(COMMANDS.showRecursion);
    const preview = await waitForWebview(wb, 
      withModel ? 'the recursion preview with pictures of the steps' : 'the recursion preview saying there is no model',
      (content) => /recursion/i.test(content.text) && (withModel ? content.images.length > 0 : /no sudoku model/i.test(content.text)),
    );
    await wb.screenshot('sudoku-recursion-preview');
    assert.ok((await wb.tabLabels()).some((label) => /recursion/i.test(label)), 'a preview tab');
    if (withModel) assert.ok(preview.images.every((src) => src.startsWith('data:image/')), preview.text);
  });

  // Last: it sets a model for every sudoku (undone at the end, but the scenarios above expect none).
  scenario('with a model set in the settings, the hover shows its recursion steps, run on CPU', async (wb) => {
    // An untrained 4x4 sudoku model (test/trm/model-fixtures.ts) that never halts (q_halt < 0): four supervision
    // steps, four pictures. Running it loads onnxruntime-node's native binary inside the installed extension.
    const modelDir = mkdtempSync(join(tmpdir(), 'trm-e2e-model-'));
    const model = await writeFixtureModel(modelDir, 'sudoku-4x4-fixture.onnx', { random: true, seed: 7, qHaltBias: -4 });
    // The workspace's settings, as a project that pins its model would have them: VS Code watches the folder
    // and passes the change to the language server, no restart.
    const settings = wb.absolute('.vscode/settings.json');
    mkdirSync(dirname(settings), { recursive: true });
    writeFileSync(settings, JSON.stringify({ 'trm.models.sudoku': model, 'trm.maxSupervisionSteps': 4 }, null, 2));
    // A fresh copy of the 4x4 puzzle: an earlier scenario solved and saved the workspace's small-4x4.sudoku.
    const puzzle = 'sudoku/model-4x4.sudoku';
    writeFileSync(wb.absolute(puzzle), example(FILES.smallSudoku));
    try {
      await wb.openFile(puzzle);
      const blank = firstSudokuCell(example(FILES.smallSudoku), /\./);
      // Until the settings reach the server the hover says there is no model, and while the first run goes on it
      // says "still thinking": hoverAt asks again until the steps are there.
      const hover = await hoverAt(wb, blank.line, blank.column, (h) => /TRM recursion/.test(h.text) && /step 4/.test(h.text));
      await waitForHoverImages(wb);
      await scrollHoverToEnd(wb);
      await wb.screenshot('sudoku-model-recursion-hover');
      assert.match(hover.text, /sudoku-4x4-fixture on CPU/, hover.text);
      assert.match(hover.text, /ran all 4 steps/, hover.text);
      // The cell's own grid picture plus one per supervision step.
      assert.ok(hover.images.length >= 5, `${hover.images.length} pictures: ${hover.text}`);
      assert.ok(hover.images.every((src) => src.startsWith('data:image/')), hover.text);
    } finally {
      rmSync(settings, { force: true });
      rmSync(modelDir, { recursive: true, force: true });
    }
  });
});
