/**
 * Bundles the suite for VS Code's extension host: CommonJS, one file per test file plus the runner entry.
 * `vscode` is the host's own module; mocha and onnxruntime-node are required from the repo's node_modules
 * (the bundle lives in the repo), mocha because its runner and the test files must share one instance.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { BUNDLE_DIR, PROJECT_ROOT, SUITE_DIR } from './paths';

export async function bundleSuite(): Promise<void> {
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  const tests = readdirSync(SUITE_DIR).filter((name) => name.endsWith('.test.ts'));
  await esbuild.build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [join(SUITE_DIR, 'index.ts'), ...tests.map((name) => join(SUITE_DIR, name))],
    outdir: BUNDLE_DIR,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Failure stack traces point at the TypeScript.
    sourcemap: 'inline',
    external: ['vscode', 'mocha', 'onnxruntime-node'],
    // As scripts/build.mjs: jsonc-parser's UMD build cannot be bundled, its ESM build can.
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
}
