/**
 * Condition-based waiting with failure messages that say what was awaited and where the screenshot of that
 * moment is. No test asserts on time: timeouts are generous ceilings for a slow 2-core machine.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { RESULTS_DIR } from './paths';

export const DEFAULT_TIMEOUT_MS = 60_000;

/** File-name-safe form of a description. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'screenshot';
}

/** Saves a screenshot of the whole page under test-results/e2e/ (animations stopped) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${slug(name)}.png`);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}

/** A screenshot that never throws: failure paths must still report the original error. */
async function failureScreenshot(page: Page, what: string): Promise<string> {
  try {
    return await screenshot(page, `failure-${what}`);
  } catch (error) {
    return `(no screenshot: ${(error as Error).message})`;
  }
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Says what was last seen, for the failure message. */
  describeLast?: () => Promise<string>;
  /**
   * Asks again, every `retryEveryMs` (default 5 s) while the probe fails: for UI that asks the language server
   * once (a hover, the code action menu) and would otherwise show nothing forever if asked before it was ready.
   */
  retry?: () => Promise<void>;
  retryEveryMs?: number;
}

/**
 * Polls `probe` until it returns something other than undefined/false/null, and returns that. On timeout,
 * throws an error naming `what`, the last value seen (via `describeLast`) and a screenshot path.
 */
export async function waitFor<T>(
  page: Page,
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let nextRetry = Date.now() + (options.retryEveryMs ?? 5000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      if (options.retry && Date.now() >= nextRetry) {
        await options.retry();
        nextRetry = Date.now() + (options.retryEveryMs ?? 5000);
      }
    } catch (error) {
      // A probe can race the DOM (an element detached mid-read): try again.
      lastError = error;
    }
    await sleep(options.intervalMs ?? 250);
  }
  const last = options.describeLast ? await options.describeLast().catch(() => '') : '';
  const shot = await failureScreenshot(page, what);
  const details = [
    last && `last seen: ${last}`,
    lastError instanceof Error && `last probe error: ${lastError.message}`,
    `screenshot: ${shot}`,
  ].filter(Boolean);
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n  ${details.join('\n  ')}`);
}
