/**
 * Where the end-to-end suite finds its tools and puts its results, and whether it can run at all. The tools are
 * installed by scripts/e2e/setup-code-server.sh into a cache folder outside the project; the two must agree on
 * that folder and on the code-server version.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '../../..');
export const RESULTS_DIR = join(PROJECT_ROOT, 'test-results', 'e2e');
export const EXAMPLES_DIR = join(PROJECT_ROOT, 'examples');
export const CHROMIUM = '/usr/bin/chromium';
/** Must match HOST_TARGET in scripts/package.mjs: the .vsix the suite installs carries this platform's binaries only. */
const VSIX_TARGET = 'linux-x64';

/**
 * The packaged extension the suite installs: TRM_E2E_VSIX (scripts/e2e/run.mjs sets it after packaging, or a
 * person points it at a .vsix to try), else `npm run package`'s output for the version in package.json.
 */
export function vsixPath(): string {
  if (process.env.TRM_E2E_VSIX) return resolve(process.env.TRM_E2E_VSIX);
  const { name, version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return join(PROJECT_ROOT, 'dist-vsix', `${name}-${VSIX_TARGET}-${version}.vsix`);
}

/** Must match CODE_SERVER_VERSION in scripts/e2e/setup-code-server.sh. */
export const CODE_SERVER_VERSION = '4.100.3';

const cacheDir = process.env.TRM_E2E_CACHE ?? join(homedir(), '.cache', 'trm-puzzles-e2e');
const codeServerPrefix = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
/** code-server's entry script, run with this very Node. */
export const CODE_SERVER_ENTRY = join(codeServerPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/**
 * Why the suite cannot run here, or undefined when it can. Only missing prerequisites are reasons to skip; a
 * missing build is not (that is a failure the suite reports).
 */
export function skipReason(): string | undefined {
  if (process.env.TRM_E2E === '0') return 'TRM_E2E=0';
  if (!existsSync(join(codeServerPrefix, '.complete'))) {
    return `code-server ${CODE_SERVER_VERSION} is not set up in ${cacheDir}: run scripts/e2e/setup-code-server.sh`;
  }
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing: run scripts/e2e/setup-code-server.sh`;
  return undefined;
}
