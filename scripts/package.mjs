// `npm run package`: builds the installable extension, dist-vsix/trm-puzzles-linux-x64-<version>.vsix, with
// @vscode/vsce (a devDependency: nothing is downloaded). vsce runs `vscode:prepublish` (the production
// bundle), takes the files .vscodeignore lets through plus the production dependencies (onnxruntime-node and
// what it needs, trimmed to linux-x64 by .vscodeignore), and zips them. This script then checks the .vsix
// against what the extension needs at run time and prints its size and a summary of its contents.
//
//   node scripts/package.mjs           package, check, summarise
//   node scripts/package.mjs --list    ... and list every file
//
// The real-VS-Code suite installs exactly this file (scripts/e2e/run.mjs packages it when it is missing or
// older than its sources).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipEntries } from './vsix/zip.mjs';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The only target: .vscodeignore keeps onnxruntime-node's linux/x64 binaries and no others. */
export const TARGET = 'linux-x64';
export const VSIX_DIR = join(PROJECT_ROOT, 'dist-vsix');

function manifest() {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
}

/** dist-vsix/<name>-linux-x64-<version>.vsix for the version in package.json. */
export function vsixPath() {
  const { name, version } = manifest();
  return join(VSIX_DIR, `${name}-${TARGET}-${version}.vsix`);
}

/**
 * What goes into the .vsix, besides node_modules (package-lock.json pins those): when any of these is newer
 * than the .vsix, the .vsix is stale. Not dist/: `npm test` rebuilds it every time, and it is built from these.
 */
const INPUTS = [
  'client/src',
  'server/src',
  'grammars',
  'models',
  'docs',
  'package.json',
  'package-lock.json',
  '.vscodeignore',
  'LICENSE',
  'README.md',
  'CHANGELOG.md',
  'scripts/build.mjs',
  'scripts/package.mjs',
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  // The folder's own time too: a deleted file leaves only that behind.
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Why the .vsix must be (re)built, or undefined when it is up to date with its sources. */
export function vsixStaleReason(file = vsixPath()) {
  if (!existsSync(file)) return `${relative(PROJECT_ROOT, file)} is missing`;
  const built = statSync(file).mtimeMs;
  const newer = INPUTS.find((input) => newestMtime(join(PROJECT_ROOT, input)) > built);
  return newer ? `${newer} changed since ${relative(PROJECT_ROOT, file)} was built` : undefined;
}

// --- what the .vsix must and must not hold ----------------------------------------------------------------------

/** Files the installed extension loads (paths inside the .vsix). */
const REQUIRED = [
  'extension/package.json',
  // vsce renames LICENSE to LICENSE.txt.
  'extension/LICENSE.txt',
  'extension/dist/client.js',
  'extension/dist/server.js',
  'extension/dist/trm-worker.js',
  'extension/dist/cli.js',
  'extension/node_modules/onnxruntime-node/package.json',
  'extension/node_modules/onnxruntime-node/dist/index.js',
  'extension/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
  'extension/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1',
  'extension/node_modules/onnxruntime-common/package.json',
  'extension/node_modules/onnxruntime-common/dist/cjs/package.json',
  'extension/node_modules/onnxruntime-common/dist/cjs/index.js',
];

/** Files that would mean .vscodeignore let through what it should not. */
const FORBIDDEN = [
  [/\.map$/, 'a source map'],
  [/\.ts$/, 'TypeScript (sources or declarations)'],
  [/^extension\/(client|server|test|bench|scripts|examples|\.ci|runs|trm-runs|test-results|dist-vsix|\.cache)\//, 'a development folder'],
  [/^extension\/node_modules\/(?!onnxruntime-(node|common)\/)/, 'a package the bundle already contains'],
  [/napi-v6\/(?!linux\/x64\/)/, "another platform's onnxruntime binary"],
  [/^extension\/models\/.*\.(ckpt|tmp)$/, 'a training checkpoint or a half-written file'],
  [/^extension\/node_modules\/onnxruntime-node\/(script|lib)\//, "onnxruntime-node's install scripts or sources"],
];

/** Every file of the repo folder, as the .vsix would name it. */
function filesUnder(folder) {
  const root = join(PROJECT_ROOT, folder);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true })
    .filter((name) => statSync(join(root, name)).isFile())
    .map((name) => `extension/${folder}/${name.split('\\').join('/')}`);
}

/** Problems with the .vsix's file list, one line each (empty when it is fine). */
export function checkVsix(names) {
  const have = new Set(names);
  const problems = [];
  const models = filesUnder('models').filter((name) => /\.(onnx|card\.json)$/.test(name));
  const wanted = [...REQUIRED, ...filesUnder('grammars'), ...models];
  for (const name of wanted) if (!have.has(name)) problems.push(`missing: ${name}`);
  // vsce stores the README as extension/readme.md (lower case), whatever its name in the repository.
  if (existsSync(join(PROJECT_ROOT, 'README.md')) && !names.some((n) => n.toLowerCase() === 'extension/readme.md')) {
    problems.push('missing: extension/readme.md');
  }
  for (const name of names) {
    const rule = FORBIDDEN.find(([pattern]) => pattern.test(name));
    if (rule) problems.push(`should not be packaged (${rule[1]}): ${name}`);
  }
  return problems;
}

// --- summary ----------------------------------------------------------------------------------------------------

function megabytes(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** The folder an entry is summarised under: extension/<folder>, or the package for node_modules. */
function group(name) {
  const parts = name.split('/');
  if (parts[0] !== 'extension') return '(vsix metadata)';
  if (parts[1] === 'node_modules') return parts.slice(0, 3).join('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}/` : 'extension/ (top-level files)';
}

export function summarise(file, entries, { list = false } = {}) {
  const lines = [];
  const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
  lines.push(`${relative(PROJECT_ROOT, file)}: ${megabytes(statSync(file).size)} (${megabytes(unpacked)} unpacked), ${entries.length} files`);
  const groups = new Map();
  for (const entry of entries) {
    const g = groups.get(group(entry.name)) ?? { files: 0, bytes: 0 };
    g.files += 1;
    g.bytes += entry.size;
    groups.set(group(entry.name), g);
  }
  for (const [name, g] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  ${name.padEnd(48)} ${String(g.files).padStart(4)} files ${megabytes(g.bytes).padStart(9)}`);
  }
  const top = entries.filter((e) => group(e.name).startsWith('extension/ ')).map((e) => e.name.slice('extension/'.length));
  lines.push(`  top-level files: ${top.sort().join(', ')}`);
  if (list) for (const entry of entries) lines.push(`    ${entry.name}  ${megabytes(entry.size)}`);
  return lines.join('\n');
}

// --- packaging --------------------------------------------------------------------------------------------------

function vsceBin() {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@vscode/vsce/package.json');
  return join(dirname(pkg), JSON.parse(readFileSync(pkg, 'utf8')).bin.vsce);
}

/**
 * Packages, checks and summarises; returns the exit status (0: the .vsix is there and complete). `quiet`
 * keeps vsce's own output (its file tree) for when it fails.
 */
export function packageExtension({ list = false, quiet = false } = {}) {
  const started = Date.now();
  const out = vsixPath();
  mkdirSync(VSIX_DIR, { recursive: true });
  rmSync(out, { force: true });
  if (!existsSync(join(PROJECT_ROOT, 'README.md'))) {
    console.warn('package: README.md is missing: the extension page in VS Code will be empty');
  }
  const vsce = spawnSync(
    process.execPath,
    [
      vsceBin(),
      'package',
      '--target', TARGET,
      '--out', out,
      // The extension ships as a .vsix, not through the Marketplace, and `repository` is a placeholder: VS Code
      // shows an installed extension's README from its own folder, where relative links resolve as written.
      // Rewriting them to the repository (vsce's default) would point them at a host that does not exist.
      '--no-rewrite-relative-links',
    ],
    // No stdin: vsce asks "Do you want to continue? [y/N]" on a missing LICENSE or repository; without an
    // answer it stops with an error instead of waiting for one.
    { cwd: PROJECT_ROOT, stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'], encoding: 'utf8' },
  );
  if (vsce.status !== 0 || !existsSync(out)) {
    if (quiet) process.stderr.write(`${vsce.stdout ?? ''}${vsce.stderr ?? ''}`);
    console.error(`package: vsce package failed (exit ${vsce.status ?? vsce.signal})`);
    return 1;
  }
  const entries = zipEntries(out);
  console.log(summarise(out, entries, { list }));
  const problems = checkVsix(entries.map((e) => e.name));
  if (problems.length) {
    console.error(`package: ${relative(PROJECT_ROOT, out)} is not what the extension needs:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  console.log(`package: checked (runtime files present, nothing extra), ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(packageExtension({ list: process.argv.includes('--list') }));
}
