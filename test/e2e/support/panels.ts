/**
 * Content outside the text editors: webviews (the markdown preview of the recursion steps) and the terminal (a
 * training task's progress line).
 */
import type { PageElement, RenderedContent } from './dom';
import { SELECTOR } from './selectors';
import type { Workbench } from './workbench';

// --- webviews ---------------------------------------------------------------------------------------------------

/** Text and pictures of every webview on screen. Each runs in nested iframes; the innermost holds the content. */
export async function webviews(wb: Workbench): Promise<RenderedContent[]> {
  const contents: RenderedContent[] = [];
  for (const frame of wb.page.frames()) {
    if (frame === wb.page.mainFrame() || frame.childFrames().length) continue;
    try {
      contents.push(
        await frame.locator('body').evaluate(
          (body: PageElement) => ({
            text: body.innerText,
            images: Array.from(body.querySelectorAll('img')).map((img) => img.getAttribute('src') ?? ''),
          }),
          undefined,
          { timeout: 1000 },
        ),
      );
    } catch {
      // A frame that is loading or gone: nothing to read yet.
    }
  }
  return contents;
}

/** Waits for a webview whose content `accept`s, and returns that content. */
export function waitForWebview(wb: Workbench, what: string, accept: (content: RenderedContent) => boolean): Promise<RenderedContent> {
  let last: RenderedContent[] = [];
  return wb.waitFor(
    what,
    async () => {
      last = await webviews(wb);
      return last.find(accept);
    },
    { describeLast: async () => JSON.stringify(last.map((w) => w.text.slice(0, 200))) },
  );
}

// --- terminal ---------------------------------------------------------------------------------------------------

/**
 * The text of the active terminal (a task's terminal too), read from xterm's DOM renderer (the user settings
 * turn GPU rendering off, so there is one). Only what the terminal shows, not its scrollback.
 */
export async function terminalText(wb: Workbench): Promise<string> {
  const rows = wb.page.locator(SELECTOR.activeTerminalRows).first();
  return (await rows.count()) ? (await rows.innerText()).replace(/\u00a0/g, ' ') : '';
}

/**
 * The active terminal's text with its rows joined into one string: xterm wraps a line wider than the terminal
 * into several rows, and what a scenario looks for (a path, a progress line) must not depend on that width.
 * Line ends are gone too, so patterns match what is printed, not where lines break.
 */
export async function terminalOutput(wb: Workbench): Promise<string> {
  return (await terminalText(wb)).replace(/\n/g, '');
}

/** Waits until the active terminal's output (rows joined) matches `pattern` (a progress line, a final message). */
export function waitForTerminalText(wb: Workbench, pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray> {
  let last = '';
  return wb.waitFor(
    `terminal text matching ${pattern}`,
    async () => {
      last = await terminalOutput(wb);
      return pattern.exec(last) ?? undefined;
    },
    { describeLast: async () => JSON.stringify(last.slice(-600)), ...(timeoutMs === undefined ? {} : { timeoutMs }) },
  );
}

/**
 * Moves the keyboard focus into the active terminal, as clicking into it does ("Terminal: Focus Terminal": a
 * task's terminal opens without focus), and waits until keys typed go to its process.
 */
export async function focusTerminal(wb: Workbench): Promise<void> {
  await wb.runCommand('Terminal: Focus Terminal');
  await wb.waitFor('the keyboard focus in the terminal', async () => (await wb.page.locator(SELECTOR.focusedTerminalInput).count()) > 0);
}

/**
 * Closes every terminal ("Terminal: Kill All Terminals"; a finished task's terminal waits for a key otherwise)
 * and the panel they were in, so that the editor has its full height again for the scenarios after.
 */
export async function closeAllTerminals(wb: Workbench): Promise<void> {
  if ((await wb.page.locator(SELECTOR.anyTerminal).count()) > 0) {
    await wb.runCommand('Terminal: Kill All Terminals');
    await wb.waitFor('every terminal to close', async () => (await wb.page.locator(SELECTOR.anyTerminal).count()) === 0);
  }
  if (await wb.page.locator(SELECTOR.panel).isVisible()) {
    await wb.runCommand('View: Hide Panel');
    await wb.waitFor('the panel to hide', async () => !(await wb.page.locator(SELECTOR.panel).isVisible()));
  }
}
