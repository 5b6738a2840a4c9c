// Runs every *.test.ts under test/ (or the folders/files given) with Node's test runner, through tsx.
// Node 20's --test does not expand globs itself, so the file list is collected here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isE2eFile, runE2e } from './e2e/run.mjs';

function collect(path, out) {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (name === 'node_modules' || name === 'fixtures') continue;
      collect(join(path, name), out);
    }
  } else if (path.endsWith('.test.ts')) {
    out.push(path);
  }
  return out;
}

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const roots = args.filter((a) => !a.startsWith('--'));
const files = (roots.length ? roots : ['test']).flatMap((r) => collect(r, []));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// The real-VS-Code suite (test/e2e) runs last, in its own process, after its setup: see scripts/e2e/run.mjs.
const e2eFiles = files.filter(isE2eFile);
const otherFiles = files.filter((f) => !isE2eFile(f));
let status = 0;
if (otherFiles.length) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', ...flags, ...otherFiles],
    { stdio: 'inherit' },
  );
  status = result.status ?? 1;
}
if (e2eFiles.length) status = runE2e(e2eFiles, flags) || status;
process.exit(status);
