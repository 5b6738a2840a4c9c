/**
 * The extension's own pages in the workbench: its walkthrough (Welcome: Open Walkthrough...), its details page
 * (the Extensions view), and which of its commands the palette and the editor title bar offer.
 */
import type { PageElement, RenderedContent } from './dom';
import { webviews } from './panels';
import { SELECTOR } from './selectors';
import type { Workbench } from './workbench';

/** Opens a walkthrough by its title, the way a user does from the palette, and waits for its steps. */
export async function openWalkthrough(wb: Workbench, title: string): Promise<string[]> {
  await wb.press('Escape');
  await wb.press('F1');
  await wb.page.locator(SELECTOR.quickInputBox).fill('>Welcome: Open Walkthrough...');
  await wb.pickQuickInputItem('Welcome: Open Walkthrough...');
  await wb.pickQuickInputItem(title);
  return wb.waitFor(`the walkthrough "${title}" and its steps`, async () => {
    const steps = await wb.page.locator(SELECTOR.walkthroughStepTitle).allInnerTexts();
    return steps.length > 0 && steps.map((s) => s.trim());
  });
}

/** Expands a walkthrough step (a click on its title), then clicks the button in it named `button`. */
export async function clickWalkthroughButton(wb: Workbench, step: string, button: string): Promise<void> {
  await wb.page.locator(SELECTOR.walkthroughStepTitle, { hasText: step }).first().click();
  const target = wb.page.getByRole('button', { name: button, exact: true });
  await wb.waitFor(`the "${button}" button of the step "${step}"`, async () => target.isVisible());
  await target.click();
}

export interface DetailsPage {
  name: string;
  /** The `src` of the icon in the page's header. */
  icon: string;
  categories: string[];
  /** The README as the page's webview renders it. */
  readme: RenderedContent;
}

/**
 * Opens an installed extension's details page from the Extensions view (Extensions: Show Enabled Extensions,
 * then a click on its entry) and waits until its README has rendered with `minPictures` loaded pictures.
 */
export async function openDetailsPage(wb: Workbench, displayName: string, minPictures: number): Promise<DetailsPage> {
  await wb.runCommand('Extensions: Show Enabled Extensions');
  const entry = wb.page.locator(SELECTOR.extensionsViewRow, { hasText: displayName }).first();
  await wb.waitFor(`${displayName} in the Extensions view`, async () => entry.isVisible());
  await entry.click();
  const header = wb.page.locator(SELECTOR.extensionEditor).first();
  await wb.waitFor(`the details page of ${displayName}`, async () => (await header.locator('.name').first().innerText()).trim() === displayName);
  let last: RenderedContent[] = [];
  const readme = await wb.waitFor(
    `the README of ${displayName} with ${minPictures} loaded pictures`,
    async () => {
      last = await webviews(wb);
      const page = last.find((w) => w.text.includes(displayName) && w.images.length >= minPictures);
      return page && (await picturesLoaded(wb, minPictures)) ? page : undefined;
    },
    { describeLast: async () => JSON.stringify(last.map((w) => `${w.text.slice(0, 80)} (${w.images.length} pictures)`)) },
  );
  return {
    name: (await header.locator('.name').first().innerText()).trim(),
    icon: (await header.locator('.icon-container img').first().getAttribute('src')) ?? '',
    categories: (await header.locator('.categories .category').allInnerTexts()).map((c) => c.trim()),
    readme,
  };
}

/** Whether some webview has at least `count` pictures decoded (naturalWidth > 0: a broken image has 0). */
async function picturesLoaded(wb: Workbench, count: number): Promise<boolean> {
  for (const frame of wb.page.frames()) {
    if (frame === wb.page.mainFrame() || frame.childFrames().length) continue;
    const loaded = await frame
      .locator('body')
      .evaluate((body: PageElement) => Array.from(body.querySelectorAll('img')).filter((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0).length, undefined, {
        timeout: 1000,
      })
      .catch(() => 0);
    if (loaded >= count) return true;
  }
  return false;
}

/** The palette's entries for `query` (e.g. "TRM:"), once `expected` is among them; the palette is closed after. */
export async function paletteEntries(wb: Workbench, query: string, expected: string): Promise<string[]> {
  await wb.press('Escape');
  await wb.press('F1');
  await wb.page.locator(SELECTOR.quickInputBox).fill(`>${query}`);
  const rows = wb.page.locator(`${SELECTOR.quickInputRow} ${SELECTOR.quickInputRowLabel}`);
  const entries = await wb.waitFor(`"${expected}" in the palette`, async () => {
    const labels = (await rows.allInnerTexts()).map((l) => l.trim());
    return labels.includes(expected) && labels;
  });
  await wb.press('Escape');
  return entries;
}

/** The labels of the actions in the active editor's title bar. */
export async function editorTitleActions(wb: Workbench): Promise<string[]> {
  return wb.page
    .locator(SELECTOR.editorTitleAction)
    .evaluateAll((items: PageElement[]) => items.map((item) => item.getAttribute('aria-label') ?? '').filter(Boolean));
}
