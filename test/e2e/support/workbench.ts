/**
 * Drives the VS Code workbench in the page the way a user does: keyboard shortcuts, Quick Open, the command
 * palette. This is the core (loading, files and editors, the cursor, commands); what the extension shows is
 * read by the helpers beside it: editor-widgets.ts (squiggles, hovers, code actions, inlay hints),
 * status-area.ts (Problems, status bar items, notifications), panels.ts (webviews, terminal).
 */
import { readFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { CodeServer } from './code-server';
import type { PageElement } from './dom';
import { ACTIVE_EDITOR, SELECTOR } from './selectors';
import { screenshot, waitFor, type WaitOptions } from './waiting';

/** A question a command asks in a quick pick (matched against its title), and the entry to pick. */
export interface QuickPickAnswer {
  question: RegExp;
  pick: string;
}

export class Workbench {
  constructor(
    readonly page: Page,
    readonly server: CodeServer,
    /** Absolute path of the opened folder; files are named relative to it. */
    readonly workspace: string,
  ) {}

  /** The workbench URL for the workspace, optionally opening one file (E2E-NOTES: the `openFile` payload). */
  url(file?: string): string {
    const params = new URLSearchParams({ folder: this.workspace });
    if (file) params.set('payload', JSON.stringify([['openFile', this.remoteUri(file)]]));
    return `${this.server.origin}/?${params.toString()}`;
  }

  /** vscode-remote URI of a workspace file; its authority must be the host:port the browser loaded. */
  remoteUri(file: string): string {
    return `vscode-remote://${new URL(this.server.origin).host}${this.absolute(file)}`;
  }

  absolute(file: string): string {
    return isAbsolute(file) ? file : join(this.workspace, file);
  }

  screenshot(name: string): Promise<string> {
    return screenshot(this.page, name);
  }

  waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, options: WaitOptions = {}): Promise<T> {
    return waitFor(this.page, what, probe, options);
  }

  /** Presses keys or chords in turn, the way a user would; the focused element receives them. */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) await this.page.keyboard.press(key);
  }

  // --- the workbench ------------------------------------------------------------------------------------------

  /** Loads the workbench (optionally with a file open) and waits until it can be used. */
  async load(file?: string): Promise<void> {
    await this.page.goto(this.url(file));
    // The Problems item is created with the status bar, once the workbench is up.
    await this.waitFor('the workbench and its status bar', async () => this.page.locator(SELECTOR.problems).isVisible(), {
      timeoutMs: 120_000,
    });
    if (file) await this.waitForActiveEditor(file);
  }

  // --- files and editors --------------------------------------------------------------------------------------

  /** Opens a workspace file with Quick Open (Ctrl+P, its path, Enter) and waits until its editor is active. */
  async openFile(file: string): Promise<void> {
    await this.press('Escape');
    await this.press('Control+P');
    const input = await this.quickInput('Quick Open');
    await input.fill(this.absolute(file));
    const name = basename(file);
    await this.waitFor(`Quick Open to list ${name}`, async () =>
      (await this.page.locator(SELECTOR.quickInputRow).first().getAttribute('aria-label'))?.includes(name),
    );
    await this.press('Enter');
    await this.waitForActiveEditor(file);
  }

  /** Waits until the active editor tab is `file` and its text is rendered. */
  async waitForActiveEditor(file: string): Promise<void> {
    const name = basename(file);
    await this.waitFor(`the editor of ${name} to be active`, async () => {
      const tab = this.page.locator(SELECTOR.activeTab);
      const label = (await tab.count()) ? await tab.first().getAttribute('aria-label') : null;
      return label?.startsWith(name) && (await this.page.locator(`${ACTIVE_EDITOR} .view-line`).count()) > 0;
    });
  }

  /**
   * Closes every editor in every group, so that a scenario starts from nothing (the Problems count too).
   * Unsaved changes are discarded ("Don't Save" in the dialog that asks).
   */
  async closeAllEditors(): Promise<void> {
    await this.runCommand('View: Close All Editors');
    const dontSave = this.page.locator(SELECTOR.dialogButton, { hasText: "Don't Save" });
    await this.waitFor('every editor to close', async () => {
      if (await dontSave.count()) await dontSave.first().click();
      return (await this.page.locator(SELECTOR.anyTab).count()) === 0;
    });
  }

  /** Labels of the open editor tabs, in every group (a preview opened beside the puzzle is in another). */
  async tabLabels(): Promise<string[]> {
    return this.page.locator(SELECTOR.anyTab).evaluateAll((tabs: PageElement[]) => tabs.map((tab) => tab.getAttribute('aria-label') ?? ''));
  }

  /**
   * The lines the active editor shows (visible lines only: enough for the small puzzles of the suite), without
   * inlay hints: Monaco renders those as injected text inside the line, in spans with `dyn-rule-*` classes.
   */
  async visibleText(): Promise<string> {
    return this.page.locator(`${ACTIVE_EDITOR} .view-lines`).evaluate((element: PageElement) => {
      const lines = Array.from(element.querySelectorAll('.view-line'));
      lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      // No named helpers in here: tsx would wrap them in a __name() call that the page does not have.
      return lines
        .map((line) =>
          Array.from(line.querySelectorAll(':scope > span > span'))
            .filter((span) => !/\bdyn-rule-/.test(span.getAttribute('class') ?? ''))
            .map((span) => span.textContent ?? '')
            .join('')
            // Monaco renders spaces as no-break spaces.
            .replace(/\u00a0/g, ' '),
        )
        .join('\n');
    });
  }

  /** Waits for the active editor's visible text to satisfy `predicate` (an edit by the extension landed). */
  async waitForText(what: string, predicate: (text: string) => boolean): Promise<string> {
    let last = '';
    return this.waitFor(
      what,
      async () => {
        last = await this.visibleText();
        return predicate(last) ? last : undefined;
      },
      { describeLast: async () => JSON.stringify(last) },
    );
  }

  /**
   * The active document's full text, read robustly: save it (Ctrl+S), wait until the tab is no longer dirty,
   * then read the file from disk. Tests use this after edits made by the extension.
   */
  async savedText(file: string): Promise<string> {
    await this.press('Control+S');
    await this.waitFor('the active editor to be saved', async () => !(await this.isDirty()));
    return readFileSync(this.absolute(file), 'utf8');
  }

  /** Whether the active editor has unsaved changes (the tab's dirty mark). */
  async isDirty(): Promise<boolean> {
    const classes = await this.page.locator(SELECTOR.activeTab).first().getAttribute('class');
    return classes?.split(/\s+/).includes('dirty') ?? false;
  }

  /** Puts the cursor at a 1-based line and column with Go to Line/Column (Ctrl+G), checked on the status bar. */
  async goTo(line: number, column: number): Promise<void> {
    await this.press('Control+G');
    const input = await this.quickInput('Go to Line/Column');
    await input.fill(`:${line}:${column}`);
    await this.press('Enter');
    const expected = `Ln ${line}, Col ${column}`;
    await this.waitFor(`the cursor at ${expected}`, async () =>
      (await this.page.locator(SELECTOR.cursorPosition).textContent())?.includes(expected),
    );
  }

  // --- commands -----------------------------------------------------------------------------------------------

  /**
   * Runs a command from the palette: F1, its title, then a click on the entry whose label is exactly `title`
   * (e.g. "TRM: Solve Puzzle"), so a similarly named command is never run by mistake. A command that asks
   * questions in quick picks of its own ("TRM: Train Model": the kind, then the preset) gets `answers`, each
   * picked once its question is on screen, so an answer never lands in the palette's list or in the wrong question.
   */
  async runCommand(title: string, ...answers: QuickPickAnswer[]): Promise<void> {
    await this.press('Escape');
    await this.press('F1');
    const input = await this.quickInput('the command palette');
    await input.fill(`>${title}`);
    await this.pickQuickInputItem(title);
    for (const answer of answers) {
      await this.waitForQuickInputTitle(answer.question);
      await this.pickQuickInputItem(answer.pick);
    }
    await this.waitFor('the command palette to close', async () => !(await this.page.locator(SELECTOR.quickInput).isVisible()));
  }

  /** Waits until the open quick pick's title (the question a command asks) matches. */
  private async waitForQuickInputTitle(question: RegExp): Promise<void> {
    let last: string | null = null;
    await this.waitFor(
      `the quick pick asking ${question}`,
      async () => {
        const title = this.page.locator(SELECTOR.quickInputTitle);
        last = (await title.isVisible()) ? await title.innerText() : null;
        return last !== null && question.test(last);
      },
      { describeLast: async () => JSON.stringify(last) },
    );
  }

  /**
   * Picks the entry of the open quick pick whose label is exactly `label`: a command in the palette, or a
   * question a command asks (the kind and preset of "TRM: Train Model").
   */
  async pickQuickInputItem(label: string): Promise<void> {
    let seen: string[] = [];
    const row = await this.waitFor(
      `"${label}" in the quick pick`,
      async () => {
        const rows = this.page.locator(SELECTOR.quickInputRow);
        seen = [];
        for (let i = 0; i < (await rows.count()); i++) {
          const text = (await rows.nth(i).locator(SELECTOR.quickInputRowLabel).first().innerText()).trim();
          seen.push(text);
          if (text === label) return rows.nth(i);
        }
        return undefined;
      },
      { describeLast: async () => JSON.stringify(seen) },
    );
    await row.click();
  }

  /** The visible quick input box, after waiting for it; `what` names it in failure messages. */
  private async quickInput(what: string): Promise<Locator> {
    const input = this.page.locator(SELECTOR.quickInputBox);
    await this.waitFor(`${what} to open`, async () => input.isVisible());
    return input;
  }
}
