/**
 * Every platform's .vsix (`npm run package`) holds what that platform's installed extension needs, and nothing
 * of another platform's or of the development tree: read back from the zip with yauzl, the native files checked
 * by their own headers (test/packaging/native-binary.ts), the packaged manifest's references (icon, walkthrough
 * pictures and example links) resolved inside the .vsix, the README's pictures carried inline.
 *
 * The .vsix files are built in before() when missing or older than their inputs (the same staleness rule the
 * e2e runner uses), all five in 80-135 s here, and reused after that. scripts/test.mjs runs this file after
 * the other tests: packaging rebuilds dist/, which they load.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { packageExtension, SIZE_GOAL_BYTES, TARGETS, vsixPath, vsixStaleReason } from '../../scripts/package.mjs';
import { binaryTarget, namedOnnxruntimeLibraries, type BinaryTarget } from './native-binary';
import { openVsix, type Vsix } from './vsix';

const PROJECT_ROOT = join(__dirname, '..', '..');
const NATIVE = 'node_modules/onnxruntime-node/bin/napi-v6';
/** Each vsce target, as the binaries' headers name it. */
const EXPECTED: Record<string, BinaryTarget> = {
  'linux-x64': { platform: 'linux', arch: 'x64' },
  'linux-arm64': { platform: 'linux', arch: 'arm64' },
  'darwin-arm64': { platform: 'darwin', arch: 'arm64' },
  'win32-x64': { platform: 'win32', arch: 'x64' },
  'win32-arm64': { platform: 'win32', arch: 'arm64' },
};
/** What no .vsix may hold, with why. */
const FORBIDDEN: [RegExp, string][] = [
  [/\.ts$/, 'TypeScript'],
  [/\.map$/, 'a source map'],
  [/\.(ckpt|tmp)$/, 'a training checkpoint or a half-written file'],
  [/^extension\/(client|server|test|bench|scripts|\.ci|trm-runs|runs|test-results|dist-vsix|\.vscode)\//, 'a development folder'],
  [/^extension\/node_modules\/(?!onnxruntime-(node|common)\/)/, 'a package the bundle holds already'],
  [/^extension\/node_modules\/onnxruntime-node\/(lib|script)\//, "onnxruntime-node's sources or install scripts"],
];

interface Manifest {
  main: string;
  icon?: string;
  contributes: {
    walkthroughs?: { steps: { description: string; media: { image?: string } }[] }[];
    grammars?: { path: string }[];
    languages?: { configuration?: string }[];
  };
}

const repoManifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as Manifest;

/** The path inside the .vsix of a file the manifest names relative to the extension's folder. */
function packaged(path: string): string {
  return posix.join('extension', posix.normalize(path.replace(/^\.\//, '')));
}

/** The examples the walkthrough's command links open: the first argument of each `command:trm.openExample?[...]`. */
function walkthroughExamples(manifest: Manifest): string[] {
  const files: string[] = [];
  for (const walkthrough of manifest.contributes.walkthroughs ?? []) {
    for (const step of walkthrough.steps) {
      for (const match of step.description.matchAll(/command:trm\.openExample\?([^)\s]+)/g)) {
        const args = JSON.parse(decodeURIComponent(match[1]!)) as unknown[];
        if (typeof args[0] === 'string') files.push(args[0]);
      }
    }
  }
  return files;
}

describe('the per-platform .vsix files', () => {
  const opened = new Map<string, Vsix>();

  before(async () => {
    for (const target of Object.keys(TARGETS)) {
      const stale = vsixStaleReason(vsixPath(target));
      if (stale) {
        console.log(`# packaging ${target}: ${stale}`);
        assert.equal(packageExtension({ target, quiet: true }), 0, `npm run package failed for ${target}`);
      }
      opened.set(target, await openVsix(vsixPath(target)));
    }
  });

  after(() => {
    for (const vsix of opened.values()) vsix.close();
  });

  it('there is one target for each platform folder onnxruntime-node ships', () => {
    const root = join(PROJECT_ROOT, NATIVE);
    const shipped = readdirSync(root).flatMap((platform) => readdirSync(join(root, platform)).map((arch) => `${platform}-${arch}`));
    assert.deepEqual(Object.keys(TARGETS).sort(), shipped.sort());
    assert.deepEqual(Object.keys(EXPECTED).sort(), shipped.sort());
  });

  for (const target of Object.keys(EXPECTED)) {
    describe(target, () => {
      const vsix = () => opened.get(target)!;
      const expected = EXPECTED[target]!;
      const ownDir = `extension/${NATIVE}/${expected.platform}/${expected.arch}/`;

      it(`is at most ${SIZE_GOAL_BYTES / 1024 / 1024} MB and says it is for ${target}`, async () => {
        const size = statSync(vsixPath(target)).size;
        console.log(`# ${target}: ${(size / 1024 / 1024).toFixed(1)} MB, ${vsix().names.length} files`);
        assert.ok(size <= SIZE_GOAL_BYTES, `${vsixPath(target)} is ${size} bytes`);
        const vsixManifest = (await vsix().read('extension.vsixmanifest')).toString('utf8');
        assert.match(vsixManifest, new RegExp(`TargetPlatform="${target}"`));
      });

      it(`holds only ${expected.platform}/${expected.arch} native files, each built for it`, async () => {
        const native = vsix().names.filter((name) => /\.(node|so(\.\d+)*|dylib|dll)$/.test(name));
        assert.ok(native.length > 0);
        for (const name of native) {
          assert.ok(name.startsWith(ownDir), `${name} is outside ${ownDir}`);
          assert.deepEqual(binaryTarget(await vsix().read(name, 4096)), expected, `${name} is not a ${target} binary`);
        }
        assert.ok(native.includes(`${ownDir}onnxruntime_binding.node`), `no binding in ${JSON.stringify(native)}`);
      });

      it('holds the libraries the binding links against, and every other file of its folder except byte-identical copies', async () => {
        const binding = await vsix().read(`${ownDir}onnxruntime_binding.node`);
        const linked = namedOnnxruntimeLibraries(binding);
        assert.ok(linked.length > 0, 'the binding names no onnxruntime library');
        for (const library of linked) assert.ok(vsix().names.includes(ownDir + library), `the binding links ${library}, which is not packaged`);
        const folder = join(PROJECT_ROOT, NATIVE, expected.platform, expected.arch);
        const shipped = readdirSync(folder).filter((file) => vsix().names.includes(ownDir + file));
        for (const file of readdirSync(folder).filter((f) => !shipped.includes(f))) {
          // Left out only when nothing names it and another shipped file has the same bytes (darwin's
          // versioned dylib, the flattened link of the upstream build).
          assert.ok(!linked.includes(file), `${file} is linked by the binding but left out`);
          const bytes = readFileSync(join(folder, file));
          const copyOf = shipped.find((other) => statSync(join(folder, other)).size === bytes.length && readFileSync(join(folder, other)).equals(bytes));
          assert.ok(copyOf, `${file} of onnxruntime-node's ${target} folder is left out, and it is not a copy of a shipped file`);
        }
      });

      it('holds the bundles, grammars, models, icon, changelog, the README with its pictures inline, and the examples the walkthrough opens', async () => {
        const names = new Set(vsix().names);
        const manifest = JSON.parse((await vsix().read('extension/package.json')).toString('utf8')) as Manifest;
        const wanted = [
          packaged(manifest.main),
          'extension/dist/server.js',
          'extension/dist/trm-worker.js',
          'extension/dist/cli.js',
          'extension/node_modules/onnxruntime-node/dist/index.js',
          'extension/node_modules/onnxruntime-common/dist/cjs/index.js',
          'extension/readme.md',
          'extension/changelog.md',
          ...(manifest.contributes.grammars ?? []).map((g) => packaged(g.path)),
          ...(manifest.contributes.languages ?? []).flatMap((l) => (l.configuration ? [packaged(l.configuration)] : [])),
          ...readdirSync(join(PROJECT_ROOT, 'models')).filter((f) => /\.(onnx|card\.json)$/.test(f)).map((f) => `extension/models/${f}`),
          ...(manifest.contributes.walkthroughs ?? []).flatMap((w) => w.steps.flatMap((s) => (s.media.image ? [packaged(s.media.image)] : []))),
          ...walkthroughExamples(manifest).map((file) => `extension/examples/${file}`),
        ];
        assert.ok(manifest.icon, 'no icon in the packaged manifest');
        wanted.push(packaged(manifest.icon));
        // The details page loads pictures from https: and data: only: the packaged README carries the repository
        // README's pictures inline, byte for byte, in the same order.
        const readme = (await vsix().read('extension/readme.md')).toString('utf8');
        const pictures = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
        const repoPictures = [...readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
        assert.ok(repoPictures.length > 0, 'the README shows no picture');
        assert.equal(pictures.length, repoPictures.length);
        pictures.forEach((picture, i) => {
          const inline = /^data:image\/png;base64,(.+)$/.exec(picture);
          assert.ok(inline, `picture ${i + 1} of the packaged README is not inline: ${picture.slice(0, 80)}`);
          assert.ok(Buffer.from(inline[1]!, 'base64').equals(readFileSync(join(PROJECT_ROOT, repoPictures[i]!))), `picture ${i + 1} is not ${repoPictures[i]}`);
        });
        assert.ok(walkthroughExamples(manifest).length >= 2, 'the walkthrough opens no examples');
        assert.deepEqual(wanted.filter((name) => !names.has(name)), [], 'missing from the .vsix');
        // The icon is a PNG of at least 128x128 (the gallery's size).
        const icon = await vsix().read(packaged(manifest.icon), 32);
        assert.equal(icon.toString('latin1', 1, 4), 'PNG');
        assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128, `icon ${icon.readUInt32BE(16)}x${icon.readUInt32BE(20)}`);
      });

      it('holds no sources, tests, source maps, checkpoints or other packages', () => {
        const bad = vsix().names.flatMap((name) => FORBIDDEN.filter(([pattern]) => pattern.test(name)).map(([, why]) => `${name} (${why})`));
        assert.deepEqual(bad, []);
      });
    });
  }

  it('the walkthrough links open files of examples/, and the repo has them', () => {
    const files = walkthroughExamples(repoManifest);
    assert.ok(files.length > 0);
    for (const file of files) assert.ok(existsSync(join(PROJECT_ROOT, 'examples', file)), file);
  });
});
