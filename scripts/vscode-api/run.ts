/**
 * `npm run test:vscode-api`: the conventional VS Code test suite (test/vscode-api: mocha in the extension host,
 * the `vscode` API only) for the scenarios the Playwright suite drives through the UI.
 *
 * Where it runs, in order: a desktop VS Code from @vscode/test-electron (needs the VS Code download server and a
 * display), else code-server from the e2e setup (scripts/e2e/setup-code-server.sh: cached, skips where it cannot
 * install). Where neither can run it says so in one line and exits 0: the Playwright suite (test/e2e) covers the
 * same features and is the one that must run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, cpSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SuiteResults } from '../../test/vscode-api/results';
import { bundleSuite } from './bundle';
import { runInCodeServer } from './code-server';
import { runInElectron } from './electron';
import { PROJECT_ROOT, RESULTS_DIR, RESULTS_FILE, type Attempt } from './paths';

/** The setup script's exit status for "impossible on this machine" (see its header). */
const SETUP_IMPOSSIBLE = 3;

function step(command: string, args: string[]): number {
  return spawnSync(command, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit'] }).status ?? 1;
}

/** Prints the results the suite wrote; returns whether they show a complete, green run. */
function report(route: string, seconds: number): boolean {
  if (!existsSync(RESULTS_FILE)) {
    console.error(`vscode-api: ${route}: the suite wrote no results (${RESULTS_FILE}); logs: ${join(RESULTS_DIR, 'logs')}`);
    return false;
  }
  const results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as SuiteResults;
  for (const test of results.passed) console.log(`  ✔ ${test.title} (${test.ms} ms)`);
  for (const title of results.pending) console.log(`  - ${title} (pending)`);
  for (const test of results.failed) console.log(`  ✖ ${test.title}\n    ${(test.error ?? '').split('\n').join('\n    ')}`);
  if (results.failed.length) console.log(`vscode-api: logs: ${join(RESULTS_DIR, 'logs')}`);
  console.log(`vscode-api (${route}, ${seconds.toFixed(0)} s): ${results.passed.length} passed, ${results.failed.length} failed`);
  return results.failed.length === 0 && results.passed.length > 0;
}

async function main(): Promise<number> {
  // TRM_E2E=0 turns off every suite that needs a real VS Code, this one included.
  if (process.env.TRM_VSCODE_API === '0' || process.env.TRM_E2E === '0') {
    console.log(`vscode-api: skipped: ${process.env.TRM_E2E === '0' ? 'TRM_E2E=0' : 'TRM_VSCODE_API=0'}`);
    return 0;
  }
  const started = Date.now();
  rmSync(RESULTS_DIR, { recursive: true, force: true });
  mkdirSync(RESULTS_DIR, { recursive: true });
  // The repo is the extension under development: its dist/ must be current.
  if (step(process.execPath, ['scripts/build.mjs']) !== 0) return 1;
  await bundleSuite();
  // The suite edits puzzles: it gets a copy of examples/ (code-server's route makes its own in the profile).
  const workspace = mkdtempSync(join(tmpdir(), 'trm-api-workspace-'));
  cpSync(join(PROJECT_ROOT, 'examples'), workspace, { recursive: true });

  let attempt: Attempt = await runInElectron(workspace).finally(() => rmSync(workspace, { recursive: true, force: true }));
  let route = 'desktop VS Code';
  if (attempt.kind === 'unavailable') {
    const electronReason = attempt.reason;
    const setup = spawnSync('bash', ['scripts/e2e/setup-code-server.sh'], { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    attempt =
      setup.status === SETUP_IMPOSSIBLE ? { kind: 'unavailable', reason: setup.stdout.trim().replace(/^e2e: skipped: /, '') }
      : setup.status !== 0 ? { kind: 'ran', status: 1 }
      : await runInCodeServer();
    route = 'code-server';
    if (attempt.kind === 'unavailable') {
      console.log(`vscode-api: skipped: ${electronReason}; ${attempt.reason}`);
      return 0;
    }
  }
  const green = report(route, (Date.now() - started) / 1000);
  return attempt.status === 0 && green ? 0 : 1;
}

main().then(
  (status) => process.exit(status),
  (error: Error) => {
    console.error(`vscode-api: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
