/**
 * What the extension shows inside the editor: diagnostic squiggles, hovers, the code action menu, inlay hints.
 * Each helper waits on the condition and asks the language server again where VS Code asks only once.
 */
import type { PageElement, PageImage, RenderedContent } from './dom';
import { ACTIVE_EDITOR, SELECTOR } from './selectors';
import type { Workbench } from './workbench';

// --- diagnostics ------------------------------------------------------------------------------------------------

/** Waits for squiggles of a severity in the active editor and returns how many are rendered. */
export function waitForSquiggles(wb: Workbench, severity: 'error' | 'warning' | 'info' = 'error'): Promise<number> {
  const squiggles = wb.page.locator(`${ACTIVE_EDITOR} .squiggly-${severity}`);
  return wb.waitFor(`${severity} squiggles in the editor`, async () => {
    const count = await squiggles.count();
    return count > 0 ? count : undefined;
  });
}

// --- hover ------------------------------------------------------------------------------------------------------

/** The visible hover's text and picture sources, or undefined when no hover is shown. */
export async function readHover(wb: Workbench): Promise<RenderedContent | undefined> {
  const hover = wb.page.locator(SELECTOR.hover).first();
  if (!(await hover.count()) || !(await hover.isVisible())) return undefined;
  return hover.evaluate((element: PageElement) => ({
    text: element.innerText,
    images: Array.from(element.querySelectorAll('img')).map((img) => img.getAttribute('src') ?? ''),
  }));
}

export async function dismissHover(wb: Workbench): Promise<void> {
  if (await readHover(wb)) await wb.press('Escape');
}

/**
 * Shows the hover at a 1-based line/column the way a keyboard user does: Go to Line/Column, then Show or Focus
 * Hover (Ctrl+K Ctrl+I). Waits until the hover has rendered content that `accept`s (e.g. has a picture: the
 * recursion hover may fill in after the model ran) and returns it.
 */
export async function hoverAt(
  wb: Workbench,
  line: number,
  column: number,
  accept: (hover: RenderedContent) => boolean = () => true,
): Promise<RenderedContent> {
  await dismissHover(wb);
  await wb.goTo(line, column);
  const show = () => wb.press('Control+K', 'Control+I');
  await show();
  let last: RenderedContent | undefined;
  return wb.waitFor(
    `a hover at ${line}:${column}`,
    async () => {
      last = await readHover(wb);
      // "Loading..." is shown while the language server is asked.
      return last && last.text.trim() && !/^Loading\.\.\.$/.test(last.text.trim()) && accept(last) ? last : undefined;
    },
    {
      describeLast: async () => JSON.stringify(last),
      // Asked before the server was ready, the hover stays empty; one asked before the model finished says
      // "still thinking" (or, before a settings change reached the server, shows the old answer). VS Code asks
      // once per hover: close it and ask again (the cursor has not moved).
      retry: async () => {
        if (last) await wb.press('Escape');
        await show();
      },
    },
  );
}

/** Waits until every picture in the visible hover has loaded (so that screenshots show them). */
export async function waitForHoverImages(wb: Workbench): Promise<void> {
  await wb.waitFor('the hover pictures to load', async () =>
    wb.page
      .locator(SELECTOR.hover)
      .first()
      .evaluate((element: PageElement) =>
        (Array.from(element.querySelectorAll('img')) as PageImage[]).every((img) => img.complete && img.naturalWidth > 0),
      ),
  );
}

/**
 * Scrolls the visible hover to its end, the way a keyboard user does: Ctrl+K Ctrl+I again focuses the hover,
 * End scrolls it to the bottom. A hover is at most a quarter of the editor high, so a recursion preview's step
 * pictures are below its fold until then. Waits until the last picture is inside the hover's visible area.
 */
export async function scrollHoverToEnd(wb: Workbench): Promise<void> {
  await wb.press('Control+K', 'Control+I', 'End');
  await wb.waitFor('the hover to scroll to its last picture', async () =>
    wb.page
      .locator(SELECTOR.hover)
      .first()
      .evaluate((element: PageElement) => {
        const images = element.querySelectorAll('img');
        const last = images[images.length - 1];
        if (!last) return false;
        const box = element.getBoundingClientRect();
        const picture = last.getBoundingClientRect();
        return picture.top >= box.top && picture.bottom <= box.bottom + 1;
      }),
  );
}

/**
 * Makes the visible hover tall enough to show all of its content, the way a user does with a long hover: drags
 * its free edge (the bottom one when it opened below the text) by what is hidden below the fold. VS Code keeps
 * the new size for the hovers after it in this page. Waits until nothing of the content is cut off.
 */
export async function enlargeHoverToFit(wb: Workbench): Promise<void> {
  const content = wb.page.locator(`${SELECTOR.hover} ${SELECTOR.hoverContent}`).first();
  const hidden = () => content.evaluate((element: PageElement) => element.scrollHeight - element.clientHeight);
  const missing = await hidden();
  if (missing <= 1) return;
  const edge = wb.page.locator(SELECTOR.hoverResizeEdge).first();
  const box = await edge.boundingBox();
  if (!box) throw new Error('the hover has no edge to drag (is it visible?)');
  // The hover grows away from the text: down from its bottom edge, up from its top edge.
  const direction = /\bnorth\b/.test((await edge.getAttribute('class')) ?? '') ? -1 : 1;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await wb.page.mouse.move(x, y);
  await wb.page.mouse.down();
  // In steps, as a hand moves: the sash follows mouse moves, not jumps. A few pixels spare for borders.
  await wb.page.mouse.move(x, y + direction * (missing + 8), { steps: 10 });
  await wb.page.mouse.up();
  let last = missing;
  await wb.waitFor(
    'the hover to show all of its content (after dragging its edge)',
    async () => {
      last = await hidden();
      return last <= 1;
    },
    // VS Code caps a hover at the room the editor has on that side: a hover that cannot fit says so here.
    { describeLast: async () => `${last}px still hidden (${missing}px before the drag)` },
  );
}

// --- code actions -----------------------------------------------------------------------------------------------

async function codeActionTitles(wb: Workbench): Promise<string[]> {
  const rows = wb.page.locator(SELECTOR.actionRow);
  const titles: string[] = [];
  for (let i = 0; i < (await rows.count()); i++) titles.push((await rows.nth(i).innerText()).trim());
  return titles;
}

/** The short message an editor shows at the cursor (e.g. "No code actions available"), if any. */
async function editorMessage(wb: Workbench): Promise<string | undefined> {
  const message = wb.page.locator(`${ACTIVE_EDITOR} .monaco-editor-overlaymessage`).first();
  return (await message.count()) && (await message.isVisible()) ? (await message.innerText()).trim() : undefined;
}

/**
 * Opens Quick Fix / Refactor (Ctrl+.) at a 1-based line/column and returns the titles offered, leaving the menu
 * open (pick one with pickCodeAction). `expect` names an action whose arrival is waited for, since the list can
 * fill in after the language server answers.
 */
export async function openCodeActions(wb: Workbench, line: number, column: number, expect: string): Promise<string[]> {
  await wb.goTo(line, column);
  await wb.press('Control+.');
  let titles: string[] = [];
  return wb.waitFor(
    `the code action "${expect}" at ${line}:${column}`,
    async () => {
      titles = await codeActionTitles(wb);
      return titles.some((t) => t.includes(expect)) ? titles : undefined;
    },
    {
      describeLast: async () => `menu ${JSON.stringify(titles)}; editor message ${JSON.stringify(await editorMessage(wb))}`,
      // "No code actions available" while the server was still starting: close the menu or message, ask again.
      retry: async () => wb.press('Escape', 'Control+.'),
    },
  );
}

/** Picks the open code action menu's entry whose title contains `title`. */
export async function pickCodeAction(wb: Workbench, title: string): Promise<void> {
  // With the keyboard: the menu's pointer-block layer swallows synthetic clicks. Arrow keys skip group headers.
  const count = await wb.page.locator(SELECTOR.actionRow).count();
  for (let step = 0; ; step++) {
    const focused = await wb.page.locator(`${SELECTOR.actionRow}.focused`).first().getAttribute('aria-label').catch(() => null);
    if (focused?.includes(title)) break;
    if (step >= count) throw new Error(`no code action "${title}" to pick; offered: ${JSON.stringify(await codeActionTitles(wb))}`);
    await wb.press('ArrowDown');
  }
  await wb.press('Enter');
  await wb.waitFor('the code action menu to close', async () => !(await wb.page.locator(SELECTOR.actionWidget).isVisible()));
}

// --- inlay hints ------------------------------------------------------------------------------------------------

/** An inlay hint and where it stands: before the character at a 1-based line and column of the document. */
export interface InlayHintAt {
  line: number;
  column: number;
  label: string;
}

/**
 * The inlay hints (ghost text) the active editor shows, top to bottom and left to right, each with the position
 * of the character it is drawn before. Lines are counted from the first one on screen: the puzzles the suite
 * opens fit on it, scrolled to the top (as visibleText assumes).
 */
export function inlayHints(wb: Workbench): Promise<InlayHintAt[]> {
  return wb.page.locator(`${ACTIVE_EDITOR} .view-lines`).evaluate((element: PageElement, hintSelector: string) => {
    const lines = Array.from(element.querySelectorAll('.view-line'));
    lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    const hints: { line: number; column: number; label: string }[] = [];
    lines.forEach((line, index) => {
      // The line's text spans in order; a hint is one of them but takes no column of the document.
      let column = 1;
      for (const span of Array.from(line.querySelectorAll(':scope > span > span'))) {
        const text = (span.textContent ?? '').replace(/\u00a0/g, ' ');
        if (span.matches(hintSelector)) hints.push({ line: index + 1, column, label: text });
        else column += text.length;
      }
    });
    return hints;
  }, SELECTOR.inlayHint);
}

/** Waits until the active editor's inlay hints satisfy `accept` (they come after the model has run). */
export function waitForInlayHints(wb: Workbench, what: string, accept: (hints: InlayHintAt[]) => boolean): Promise<InlayHintAt[]> {
  let last: InlayHintAt[] = [];
  return wb.waitFor(
    what,
    async () => {
      last = await inlayHints(wb);
      return accept(last) ? last : undefined;
    },
    { describeLast: async () => JSON.stringify(last) },
  );
}
