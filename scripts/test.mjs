// Runs every *.test.ts under test/ (or the folders/files given) with Node's test runner, through tsx.
// Node 20's --test does not expand globs itself, so the file list is collected here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isE2eFile, runE2e } from './e2e/run.mjs';

function collect(path, out) {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      // test/vscode-api runs inside VS Code's extension host (npm run test:vscode-api), not under Node's runner.
      if (name === 'node_modules' || name === 'fixtures' || name === 'vscode-api') continue;
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
if (files.length === 0 && !roots.some((r) => resolve(r) === resolve('test', 'vscode-api'))) {
  console.error('no test files found');
  process.exit(1);
}
// The packaging tests (test/packaging) run after the others, in a process of their own: building a .vsix rebuilds
// dist/, which the protocol and CLI tests load. The real-VS-Code suite (test/e2e) runs last, after its setup
// (scripts/e2e/run.mjs), and installs the .vsix the packaging tests left.
const isPackagingFile = (file) => {
  const rel = relative(resolve('test', 'packaging'), resolve(file));
  return !rel.startsWith('..') && !rel.startsWith(sep);
};
const e2eFiles = files.filter(isE2eFile);
const packagingFiles = files.filter((f) => !isE2eFile(f) && isPackagingFile(f));
const otherFiles = files.filter((f) => !isE2eFile(f) && !isPackagingFile(f));
let status = 0;
for (const batch of [otherFiles, packagingFiles]) {
  if (!batch.length) continue;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...flags, ...batch], { stdio: 'inherit' });
  status = (result.status ?? 1) || status;
}
if (e2eFiles.length) status = runE2e(e2eFiles, flags) || status;
// The API-level suite (test/vscode-api) runs inside VS Code's extension host, through its own runner: last,
// when the folders asked for include it (`npm test` asks for all of test/).
const apiSuite = resolve('test', 'vscode-api');
const wantsApi = roots.length === 0 || roots.some((r) => {
  const rel = relative(resolve(r), apiSuite);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep));
});
if (wantsApi) {
  const api = spawnSync(process.execPath, ['--import', 'tsx', join('scripts', 'vscode-api', 'run.ts')], { stdio: 'inherit' });
  status = (api.status ?? 1) || status;
}
process.exit(status);
