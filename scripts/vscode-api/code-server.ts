/**
 * The route that works on these machines: the same suite inside code-server (VS Code 1.100.3 for the web,
 * installed by the e2e setup), whose Node extension host is an ordinary VS Code extension host.
 *
 * code-server's command line rejects --extensionDevelopmentPath and --extensionTestsPath ("Unknown option"),
 * but its web workbench reads both from the `payload` of its URL, as VS Code does when it opens an Extension
 * Development Host window. The workbench passes them to the remote extension host, which maps the
 * vscode-remote: URIs to local files, loads the repo as the extension under development, calls the suite's
 * `run()`, and exits; the workbench then calls `window.codeAutomationExit(code)`, the hook @vscode/test-web
 * uses. A browser has to load the workbench for any of that to start: headless Chromium from the e2e setup.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../../test/e2e/support/browser';
import { startCodeServer, type CodeServer } from '../../test/e2e/support/code-server';
import { skipReason } from '../../test/e2e/support/paths';
import { createProfile, keepLogs } from '../../test/e2e/support/profile';
import { PROJECT_ROOT, RESULTS_DIR, RESULTS_FILE, TESTS_ENTRY, type Attempt } from './paths';

/** A ceiling for the whole run (a hang must end), not a timing assertion: the suite takes well under one. */
const RUN_CEILING_MS = 5 * 60_000;
const LOGS_DIR = join(RESULTS_DIR, 'logs');

/** The workbench URL that opens the workspace with the repo under development and the suite to run. */
function testUrl(server: CodeServer, workspace: string): string {
  const remote = (path: string) => `vscode-remote://${new URL(server.origin).host}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(PROJECT_ROOT)],
    ['extensionTestsPath', remote(TESTS_ENTRY)],
  ];
  return `${server.origin}/?${new URLSearchParams({ folder: workspace, payload: JSON.stringify(payload) }).toString()}`;
}

/** Resolves with the extension host's exit code once the workbench reports it. */
async function exitCode(page: Page): Promise<number> {
  let report: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (report = resolve));
  await page.exposeFunction('codeAutomationExit', (code: unknown) => report(typeof code === 'number' ? code : 1));
  let timer: NodeJS.Timeout | undefined;
  const ceiling = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the extension host did not finish the suite within ${RUN_CEILING_MS / 60_000} minutes`)), RUN_CEILING_MS);
  });
  return Promise.race([exited, ceiling]).finally(() => clearTimeout(timer));
}

/** Runs the suite in code-server, or says why that cannot happen here (the e2e setup is not there). */
export async function runInCodeServer(): Promise<Attempt> {
  const missing = skipReason();
  if (missing) return { kind: 'unavailable', reason: missing };
  const profile = createProfile({ installExtension: false });
  const browserConsole: string[] = [];
  let server: CodeServer | undefined;
  let context: BrowserContext | undefined;
  try {
    // The extension host inherits code-server's environment: the suite writes its results where this says.
    server = await startCodeServer(profile, { TRM_VSCODE_API_RESULTS: RESULTS_FILE });
    context = await launchBrowser(profile);
    const page = context.pages()[0] ?? (await context.newPage());
    // The extension host's console (mocha's dots, the extension's errors) is forwarded to the page's.
    page.on('console', (message) => browserConsole.push(`[${message.type()}] ${message.text()}`));
    const done = exitCode(page);
    await page.goto(testUrl(server, profile.workspace));
    const status = await done;
    return { kind: 'ran', status };
  } catch (error) {
    console.error(`vscode-api: code-server: ${(error as Error).message}`);
    return { kind: 'ran', status: 1 };
  } finally {
    await context?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    keepLogs(profile, browserConsole, LOGS_DIR);
    if (process.env.TRM_E2E_KEEP !== '1') rmSync(profile.root, { recursive: true, force: true });
  }
}
