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

/** Waits until the active terminal shows text matching `pattern` (a progress line, a final message). */
export function waitForTerminalText(wb: Workbench, pattern: RegExp, timeoutMs?: number): Promise<string> {
  let last = '';
  return wb.waitFor(
    `terminal text matching ${pattern}`,
    async () => {
      last = await terminalText(wb);
      return pattern.test(last) ? last : undefined;
    },
    { describeLast: async () => JSON.stringify(last.slice(-500)), ...(timeoutMs === undefined ? {} : { timeoutMs }) },
  );
}
