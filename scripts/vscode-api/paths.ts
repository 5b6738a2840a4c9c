/** Where the API-level suite's pieces are: its sources, its bundle, its results. */
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '../..');
export const SUITE_DIR = join(PROJECT_ROOT, 'test', 'vscode-api');
/** The bundled suite: index.js (the `run()` VS Code loads) and one *.test.js per test file. */
export const BUNDLE_DIR = join(PROJECT_ROOT, 'dist-test', 'vscode-api');
export const TESTS_ENTRY = join(BUNDLE_DIR, 'index.js');
export const RESULTS_DIR = join(PROJECT_ROOT, 'test-results', 'vscode-api');
export const RESULTS_FILE = join(RESULTS_DIR, 'results.json');
/** The VS Code that the code-server from the e2e setup is (4.100.3), so both routes test the same version. */
export const VSCODE_VERSION = '1.100.3';

/** What one way of running the suite came to. */
export type Attempt = { kind: 'ran'; status: number } | { kind: 'unavailable'; reason: string };
