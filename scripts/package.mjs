// `npm run package`: builds one installable extension per platform onnxruntime-node ships native binaries for,
// dist-vsix/trm-puzzles-<target>-<version>.vsix, with @vscode/vsce (a devDependency: nothing is downloaded).
// The production bundle (`vscode:prepublish`) is built by vsce for each target; each .vsix takes the files
// .vscodeignore lets through, plus the production dependencies (onnxruntime-node and what it needs), plus that
// target's own native files (TARGETS below: vsce is given .vscodeignore with those lines added, so no target
// carries another's binaries). This script then checks each .vsix against what the extension needs at run time
// and prints its size and a summary of its contents.
//
//   node scripts/package.mjs                      every target, checked and summarised
//   node scripts/package.mjs linux-x64 ...        only these targets
//   node scripts/package.mjs --list               ... and list every file
//   node scripts/package.mjs --base-url=URL       rewrite the README's relative links to URL (vsce's
//                                                 --baseContentUrl/--baseImagesUrl), for a gallery that shows
//                                                 the README away from the extension's files
//
// The real-VS-Code suite installs the linux-x64 one (scripts/e2e/run.mjs packages it when it is missing or
// older than its sources); test/packaging/ reads every one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipEntries } from './vsix/zip.mjs';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const VSIX_DIR = join(PROJECT_ROOT, 'dist-vsix');
/** Where onnxruntime-node keeps its prebuilt binaries, one folder per <platform>/<arch>. */
const NATIVE_ROOT = 'node_modules/onnxruntime-node/bin/napi-v6';

/**
 * Every target, as vsce names it, with the native files of onnxruntime-node it needs: the N-API binding and the
 * libraries its loader opens from the binding's own folder.
 * - linux: the binding links libonnxruntime.so.1 (DT_NEEDED, found through its $ORIGIN run path).
 * - darwin: the binding links @rpath/libonnxruntime.1.dylib with @loader_path as its run path. The package also
 *   holds libonnxruntime.1.30.0.dylib, a byte-identical copy (the symbolic link of the upstream build, flattened
 *   by npm's tarball): nothing loads it by that name, so it stays out (44.6 MB unpacked).
 * - win32: the binding imports onnxruntime.dll; onnxruntime.dll delay-loads DirectML.dll (the DirectML
 *   execution provider) and its WebGPU execution provider (Dawn on Direct3D 12) loads dxcompiler.dll and
 *   dxil.dll at run time, so all of them ship.
 * Built for x64 and arm64 as onnxruntime-node 1.30 ships them; its darwin-x64 build is gone upstream.
 */
export const TARGETS = {
  'linux-x64': { dir: 'linux/x64', native: ['onnxruntime_binding.node', 'libonnxruntime.so.1'] },
  'linux-arm64': { dir: 'linux/arm64', native: ['onnxruntime_binding.node', 'libonnxruntime.so.1'] },
  'darwin-arm64': { dir: 'darwin/arm64', native: ['onnxruntime_binding.node', 'libonnxruntime.1.dylib'] },
  'win32-x64': { dir: 'win32/x64', native: ['onnxruntime_binding.node', 'onnxruntime.dll', 'DirectML.dll', 'dxcompiler.dll', 'dxil.dll'] },
  'win32-arm64': { dir: 'win32/arm64', native: ['onnxruntime_binding.node', 'onnxruntime.dll', 'DirectML.dll', 'dxcompiler.dll', 'dxil.dll'] },
};
/** The machine the e2e suite runs the extension on. */
export const HOST_TARGET = 'linux-x64';
/** Goal for each .vsix (the budget); over it, the script warns. */
export const SIZE_GOAL_BYTES = 40 * 1024 * 1024;

function manifest() {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
}

/** dist-vsix/<name>-<target>-<version>.vsix for the version in package.json. */
export function vsixPath(target = HOST_TARGET) {
  const { name, version } = manifest();
  return join(VSIX_DIR, `${name}-${target}-${version}.vsix`);
}

/**
 * The <platform>/<arch> folders onnxruntime-node ships that no target covers: a newer onnxruntime-node with a
 * new platform must get a row in TARGETS (packaging stops until it does).
 */
export function uncoveredNativeDirs() {
  const root = join(PROJECT_ROOT, NATIVE_ROOT);
  if (!existsSync(root)) return [];
  const covered = new Set(Object.values(TARGETS).map((t) => t.dir));
  return readdirSync(root)
    .flatMap((platform) => readdirSync(join(root, platform)).map((arch) => `${platform}/${arch}`))
    .filter((dir) => !covered.has(dir));
}

/**
 * What goes into a .vsix, besides node_modules (package-lock.json pins those): when any of these is newer
 * than the .vsix, the .vsix is stale. Not dist/: `npm test` rebuilds it every time, and it is built from these.
 */
const INPUTS = [
  'client/src',
  'server/src',
  'grammars',
  'models',
  'docs',
  'examples',
  'media',
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

/** Files every target's installed extension loads (paths inside the .vsix). */
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
  'extension/node_modules/onnxruntime-common/package.json',
  'extension/node_modules/onnxruntime-common/dist/cjs/package.json',
  'extension/node_modules/onnxruntime-common/dist/cjs/index.js',
];

/** Files that would mean .vscodeignore let through what it should not, on any target. */
const FORBIDDEN = [
  [/\.map$/, 'a source map'],
  [/\.ts$/, 'TypeScript (sources or declarations)'],
  [/^extension\/(client|server|test|bench|scripts|\.ci|runs|trm-runs|test-results|dist-vsix|\.cache|\.vscode)\//, 'a development folder'],
  [/^extension\/node_modules\/(?!onnxruntime-(node|common)\/)/, 'a package the bundle already contains'],
  [/\.(ckpt|tmp)$/, 'a training checkpoint or a half-written file'],
  [/^extension\/examples\/.*trm-runs\//, 'a training run'],
  [/^extension\/node_modules\/onnxruntime-node\/(script|lib)\//, "onnxruntime-node's install scripts or sources"],
];

/** The target's native files, as the .vsix names them. */
function nativeFiles(target) {
  const { dir, native } = TARGETS[target];
  return native.map((file) => `extension/${NATIVE_ROOT}/${dir}/${file}`);
}

/** Every file of the repo folder, as the .vsix would name it. */
function filesUnder(folder) {
  const root = join(PROJECT_ROOT, folder);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true })
    .filter((name) => statSync(join(root, name)).isFile())
    .map((name) => `extension/${folder}/${name.split('\\').join('/')}`);
}

/** Problems with a target's .vsix file list, one line each (empty when it is fine). */
export function checkVsix(names, target = HOST_TARGET) {
  const have = new Set(names);
  const problems = [];
  const models = filesUnder('models').filter((name) => /\.(onnx|card\.json)$/.test(name));
  const icon = manifest().icon;
  const wanted = [...REQUIRED, ...nativeFiles(target), ...filesUnder('grammars'), ...examplesShipped(), ...models];
  if (icon) wanted.push(`extension/${icon}`);
  for (const name of wanted) if (!have.has(name)) problems.push(`missing: ${name}`);
  // vsce stores the README and the changelog as extension/readme.md and extension/changelog.md (lower case),
  // whatever their names in the repository; the extension page shows both.
  for (const doc of ['README.md', 'CHANGELOG.md']) {
    const stored = `extension/${doc.toLowerCase()}`;
    if (existsSync(join(PROJECT_ROOT, doc)) && !have.has(stored)) problems.push(`missing: ${stored}`);
  }
  const ownNative = new Set(nativeFiles(target));
  for (const name of names) {
    const rule = FORBIDDEN.find(([pattern]) => pattern.test(name));
    if (rule) problems.push(`should not be packaged (${rule[1]}): ${name}`);
    else if (name.startsWith(`extension/${NATIVE_ROOT}/`) && !ownNative.has(name)) {
      problems.push(`should not be packaged (not a ${target} file the loader opens): ${name}`);
    }
  }
  return problems;
}

/** The example puzzles the walkthrough opens (package.json `trm.openExample` links), as the .vsix names them. */
function examplesShipped() {
  return filesUnder('examples').filter((name) => /\.(sudoku|maze|arc\.json)$/.test(name) || name.endsWith('/README.md'));
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
 * .vscodeignore with the target's native files let back in, written beside the .vsix for vsce's --ignoreFile
 * (the repo's .vscodeignore lets no native file through, so no target gets another's).
 */
function writeIgnoreFile(target) {
  const lines = [
    readFileSync(join(PROJECT_ROOT, '.vscodeignore'), 'utf8'),
    `# ${target}: scripts/package.mjs TARGETS`,
    ...nativeFiles(target).map((name) => `!${name.slice('extension/'.length)}`),
    '',
  ];
  const file = join(VSIX_DIR, `.vscodeignore-${target}`);
  writeFileSync(file, lines.join('\n'));
  return file;
}

/** The README's relative PNG pictures, as data: URIs. */
export function inlinePictures(markdown, baseDir = PROJECT_ROOT) {
  return markdown.replace(/(!\[[^\]]*\]\()([^)\s]+\.png)(\))/g, (all, open, link, close) => {
    if (/^\w+:/.test(link)) return all;
    const file = join(baseDir, link);
    if (!existsSync(file)) throw new Error(`README.md shows ${link}, which does not exist`);
    return `${open}data:image/png;base64,${readFileSync(file).toString('base64')}${close}`;
  });
}

/** dist-vsix/.readme.md: README.md with its pictures inline; returns its path. */
function writeReadmeWithInlinePictures() {
  const file = join(VSIX_DIR, '.readme.md');
  writeFileSync(file, inlinePictures(readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')));
  return file;
}

/**
 * Packages, checks and summarises one target; returns the exit status (0: the .vsix is there and complete).
 * `quiet` keeps vsce's own output (its file tree) for when it fails.
 */
export function packageExtension({ target = HOST_TARGET, list = false, quiet = false, baseUrl = undefined } = {}) {
  if (!TARGETS[target]) {
    console.error(`package: unknown target ${target} (targets: ${Object.keys(TARGETS).join(', ')})`);
    return 1;
  }
  const uncovered = uncoveredNativeDirs();
  if (uncovered.length) {
    console.error(`package: onnxruntime-node ships binaries for ${uncovered.join(', ')}, which no target in scripts/package.mjs covers`);
    return 1;
  }
  const started = Date.now();
  const out = vsixPath(target);
  mkdirSync(VSIX_DIR, { recursive: true });
  rmSync(out, { force: true });
  if (!existsSync(join(PROJECT_ROOT, 'README.md'))) {
    console.warn('package: README.md is missing: the extension page in VS Code will be empty');
  }
  // The details page VS Code shows for an installed extension renders its README in a webview whose content
  // policy loads pictures from https: and data: only, so a relative picture shows as a broken image there. With
  // a gallery's base URL, vsce rewrites the relative links to it (its default, for the Marketplace); for a .vsix
  // installed from a file, the pictures travel inside the README as data: URIs (`--readmePath`, a copy made
  // here; the repository's README keeps its relative links, which every repository viewer shows).
  const links = baseUrl
    ? ['--baseContentUrl', baseUrl, '--baseImagesUrl', baseUrl]
    : ['--no-rewrite-relative-links', '--readme-path', relative(PROJECT_ROOT, writeReadmeWithInlinePictures())];
  const vsce = spawnSync(
    process.execPath,
    [vsceBin(), 'package', '--target', target, '--out', out, '--ignoreFile', writeIgnoreFile(target), ...links],
    // No stdin: vsce asks "Do you want to continue? [y/N]" on a missing LICENSE or repository; without an
    // answer it stops with an error instead of waiting for one.
    { cwd: PROJECT_ROOT, stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'], encoding: 'utf8' },
  );
  if (vsce.status !== 0 || !existsSync(out)) {
    if (quiet) process.stderr.write(`${vsce.stdout ?? ''}${vsce.stderr ?? ''}`);
    console.error(`package: vsce package --target ${target} failed (exit ${vsce.status ?? vsce.signal})`);
    return 1;
  }
  const entries = zipEntries(out);
  console.log(summarise(out, entries, { list }));
  const problems = checkVsix(entries.map((e) => e.name), target);
  if (problems.length) {
    console.error(`package: ${relative(PROJECT_ROOT, out)} is not what the extension needs:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  const size = statSync(out).size;
  if (size > SIZE_GOAL_BYTES) console.warn(`package: ${relative(PROJECT_ROOT, out)} is ${megabytes(size)}, over the ${megabytes(SIZE_GOAL_BYTES)} goal`);
  console.log(`package: ${target} checked (runtime files present, nothing extra), ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

/** Packages every target given (default: all); returns 0 when every one is there and complete. */
export function packageTargets(targets = Object.keys(TARGETS), options = {}) {
  let status = 0;
  const sizes = [];
  for (const target of targets) {
    const result = packageExtension({ ...options, target });
    status ||= result;
    if (result === 0) sizes.push(`${target} ${megabytes(statSync(vsixPath(target)).size)}`);
  }
  if (targets.length > 1) console.log(`package: ${sizes.join(', ')}${status ? ' (some targets failed: see above)' : ''}`);
  return status;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const baseUrl = args.find((a) => a.startsWith('--base-url='))?.slice('--base-url='.length);
  const targets = args.filter((a) => !a.startsWith('--'));
  process.exit(packageTargets(targets.length ? targets : undefined, { list: args.includes('--list'), baseUrl }));
}
