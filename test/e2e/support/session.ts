/**
 * One end-to-end session: a fresh profile, code-server on its own port, headless Chromium on the workbench.
 * stop() ends every process it started (Chromium through its context, code-server through its process group),
 * keeps the logs under test-results/e2e/logs/ (the extension host log and the "TRM Puzzles" output channel are
 * there) and removes the temp folder.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from './browser';
import { startCodeServer, type CodeServer } from './code-server';
import { RESULTS_DIR } from './paths';
import { createProfile, keepLogs, type Profile, type ProfileOptions } from './profile';
import { Workbench } from './workbench';

export interface Session {
  profile: Profile;
  workbench: Workbench;
  stop(): Promise<void>;
}

export const LOGS_DIR = join(RESULTS_DIR, 'logs');

export async function startSession(options: ProfileOptions = {}): Promise<Session> {
  // test-results/e2e/ shows the last run only: no screenshot of an earlier failure may linger.
  rmSync(RESULTS_DIR, { recursive: true, force: true });
  const profile = createProfile(options);
  let server: CodeServer | undefined;
  let context: BrowserContext | undefined;
  // The workbench's own errors (a failed web worker, an exception in a contribution) show only in the console.
  const browserConsole: string[] = [];
  const removeProfile = () => {
    if (process.env.TRM_E2E_KEEP === '1') return;
    try {
      rmSync(profile.root, { recursive: true, force: true });
    } catch {
      // Best effort: a process still writing into it (only on the abrupt-exit path).
    }
  };
  const stop = async () => {
    // Each step runs whatever failed before it: no process may outlive the suite.
    await context?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    try {
      keepLogs(profile, browserConsole, LOGS_DIR);
    } finally {
      process.off('exit', removeProfile);
      removeProfile();
    }
  };
  try {
    server = await startCodeServer(profile);
    // Also when the process ends without stop(): registered after code-server's own exit handler, which kills it.
    process.on('exit', removeProfile);
    context = await launchBrowser(profile);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') browserConsole.push(`[${message.type()}] ${message.text()}`);
    });
    page.on('pageerror', (error) => browserConsole.push(`[pageerror] ${error.stack ?? error.message}`));
    return { profile, workbench: new Workbench(page, server, profile.workspace), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
