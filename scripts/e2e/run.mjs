// Runs the real-VS-Code end-to-end suite (test/e2e): first scripts/e2e/setup-code-server.sh (cached after the
// first run), then the packaged extension (scripts/package.mjs: built when the .vsix is missing or older than its
// sources, so a fresh clone tests exactly what `npm run package` makes), then the test files with Node's test
// runner in a process of their own, which install that .vsix into code-server. scripts/test.mjs calls this after
// the other tests; `node scripts/e2e/run.mjs` runs the suite alone.
//
// TRM_E2E_VSIX=path tests that .vsix instead (never rebuilt).
//
// When setup is impossible on this machine (TRM_E2E=0, no apt-get, not root...), it prints one line and
// succeeds; a setup that fails on a machine that could run it fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageExtension, vsixPath, vsixStaleReason } from '../package.mjs';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const E2E_DIR = join(PROJECT_ROOT, 'test', 'e2e');
const SETUP = join(PROJECT_ROOT, 'scripts', 'e2e', 'setup-code-server.sh');
/** The setup script's exit status for "impossible here": see its header. */
const SETUP_IMPOSSIBLE = 3;

/** Whether a test file belongs to the end-to-end suite (so scripts/test.mjs runs it through here). */
export function isE2eFile(file) {
  const rel = relative(E2E_DIR, resolve(file));
  return !rel.startsWith('..') && !rel.startsWith(sep);
}

/** Returns the exit status: 0 when the suite passed or was skipped. */
export function runE2e(files, flags = []) {
  if (process.env.TRM_E2E === '0') {
    console.log('e2e: skipped: TRM_E2E=0');
    return 0;
  }
  // stdout carries the one skip line; the step timings go to stderr.
  const setup = spawnSync('bash', [SETUP], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (setup.status === SETUP_IMPOSSIBLE) return 0;
  if (setup.status !== 0) {
    console.error(`e2e: ${SETUP} failed (exit ${setup.status ?? setup.signal})`);
    return 1;
  }
  const vsix = ensureVsix();
  if (!vsix) return 1;
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...flags, ...files],
    { stdio: 'inherit', cwd: PROJECT_ROOT, env: { ...process.env, TRM_E2E_VSIX: vsix } },
  );
  return result.status ?? 1;
}

/** The .vsix to test, packaged first when needed; undefined (after saying why) when there is none. */
function ensureVsix() {
  if (process.env.TRM_E2E_VSIX) {
    const given = resolve(process.env.TRM_E2E_VSIX);
    if (existsSync(given)) return given;
    console.error(`e2e: TRM_E2E_VSIX=${given} does not exist`);
    return undefined;
  }
  const stale = vsixStaleReason();
  if (stale) {
    console.log(`e2e: packaging the extension (${stale})`);
    if (packageExtension({ quiet: true }) !== 0) return undefined;
  }
  return vsixPath();
}

function e2eFiles() {
  return readdirSync(E2E_DIR, { recursive: true })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join('test', 'e2e', name))
    .sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flags = args.filter((a) => a.startsWith('--'));
  const files = args.filter((a) => !a.startsWith('--'));
  process.exit(runE2e(files.length ? files : e2eFiles(), flags));
}
