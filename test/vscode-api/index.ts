/**
 * The entry VS Code's extension host loads for `--extensionTestsPath` (the `run()` convention of
 * @vscode/test-electron and of VS Code's own test runner): runs every bundled *.test.js beside it with mocha and
 * writes the results as JSON for the runner outside (scripts/vscode-api/run.ts), which prints them. Rejecting
 * makes the extension host exit with code 1, which the runner sees too.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { collectResults, type SuiteResults } from './results';

/** Where the runner reads the results; beside the bundle when it did not say. */
function resultsFile(): string {
  return process.env.TRM_VSCODE_API_RESULTS ?? join(__dirname, 'results.json');
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'dot' });
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, file));
  await mocha.loadFilesAsync();
  const results = await new Promise<SuiteResults>((resolve) => {
    const runner = mocha.run();
    const collected = collectResults(runner);
    runner.on('end', () => resolve(collected()));
  });
  writeFileSync(resultsFile(), JSON.stringify(results, null, 2));
  if (results.failed.length) throw new Error(`${results.failed.length} of ${results.failed.length + results.passed.length} API tests failed`);
}
