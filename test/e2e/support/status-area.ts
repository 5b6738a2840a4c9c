/**
 * What the workbench shows around the editor: the Problems count and other status bar items (the extension's
 * model item among them), and notification toasts.
 */
import type { PageElement } from './dom';
import { SELECTOR } from './selectors';
import type { Workbench } from './workbench';

export interface ProblemCounts {
  errors: number;
  warnings: number;
}

export interface StatusBarItem {
  /** e.g. "status.problems"; an extension's item is "publisher.name.itemId" ("trm-puzzles.trm-puzzles.trm.model"). */
  id: string;
  text: string;
  /** Its accessible label (codicon names, text and tooltip). */
  label: string;
}

// --- Problems ---------------------------------------------------------------------------------------------------

/** The Problems counts on the status bar (every open file): its label reads "Errors: 2, Warnings: 0". */
export async function problemCounts(wb: Workbench): Promise<ProblemCounts> {
  const label = (await wb.page.locator(SELECTOR.problems).getAttribute('aria-label')) ?? '';
  const count = (kind: string) => Number(new RegExp(`${kind}:\\s*(\\d+)`, 'i').exec(label)?.[1] ?? 0);
  return { errors: count('Errors'), warnings: count('Warnings') };
}

/** Waits for the Problems counts to satisfy `predicate`. */
export function waitForProblems(wb: Workbench, what: string, predicate: (counts: ProblemCounts) => boolean): Promise<ProblemCounts> {
  let last: ProblemCounts | undefined;
  return wb.waitFor(
    what,
    async () => {
      last = await problemCounts(wb);
      return predicate(last) ? last : undefined;
    },
    { describeLast: async () => JSON.stringify(last) },
  );
}

// --- status bar items -------------------------------------------------------------------------------------------

export function statusBarItems(wb: Workbench): Promise<StatusBarItem[]> {
  return wb.page.locator(SELECTOR.statusbarItem).evaluateAll((items: PageElement[]) =>
    items.map((item) => ({
      id: item.id,
      text: item.innerText.trim(),
      label: item.querySelector('[aria-label]')?.getAttribute('aria-label') ?? item.getAttribute('aria-label') ?? '',
    })),
  );
}

/** Waits for a status bar item whose text or label matches (e.g. the extension's model/device item). */
export function waitForStatusBarItem(wb: Workbench, pattern: RegExp): Promise<StatusBarItem> {
  let last: StatusBarItem[] = [];
  return wb.waitFor(
    `a status bar item matching ${pattern}`,
    async () => {
      last = await statusBarItems(wb);
      return last.find((item) => pattern.test(item.text) || pattern.test(item.label));
    },
    { describeLast: async () => JSON.stringify(last.map((item) => item.text || item.label)) },
  );
}

// --- notifications ----------------------------------------------------------------------------------------------

/** The messages of the notification toasts on screen. */
export async function notifications(wb: Workbench): Promise<string[]> {
  const toasts = wb.page.locator(SELECTOR.toastMessage);
  const messages: string[] = [];
  for (let i = 0; i < (await toasts.count()); i++) messages.push((await toasts.nth(i).innerText()).trim());
  return messages;
}

/** Waits for a notification toast whose message matches, and returns that message. */
export function waitForNotification(wb: Workbench, pattern: RegExp): Promise<string> {
  let last: string[] = [];
  return wb.waitFor(
    `a notification matching ${pattern}`,
    async () => {
      last = await notifications(wb);
      return last.find((message) => pattern.test(message));
    },
    { describeLast: async () => JSON.stringify(last) },
  );
}

/** Closes every notification, so that the next one a scenario waits for is its own. */
export async function clearNotifications(wb: Workbench): Promise<void> {
  if ((await notifications(wb)).length) await wb.runCommand('Notifications: Clear All Notifications');
}
