// `npm run gpu-bundle`: a self-contained GPU check for a bare Linux x64 machine with an NVIDIA driver, no
// network and no Node. Writes gpu-bundle/run.sh (ignored by git): a shell script with an xz tarball appended
// that holds this Node binary, onnxruntime-node's linux-x64 files (with onnxruntime-common), Debian's
// libvulkan1 (the Vulkan loader; `apt-get download`, unpacked with `dpkg -x`), dist/, models/ and
// gpu-check.js (scripts/gpu-bundle/check.ts). run.sh unpacks itself into /tmp, points Vulkan at the NVIDIA
// driver's ICD and runs the check. Try it here on lavapipe:
//   VK_DRIVER_FILES=/usr/share/vulkan/icd.d/lvp_icd.json TRM_WEBGPU_SOFTWARE=time gpu-bundle/run.sh
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

const LIMIT = 60 * 1024 * 1024;
const root = resolve(import.meta.dirname, '..');
const out = join(root, 'gpu-bundle');
const stage = mkdtempSync(join(tmpdir(), 'trm-gpu-bundle-'));
const payload = join(stage, 'payload');
const say = (m) => console.log(`gpu-bundle: ${m}`);

try {
  mkdirSync(payload);
  // Node itself: the binary running this script.
  cpSync(process.execPath, join(payload, 'node'));
  // onnxruntime-node without its other platforms and its install script's dependencies (adm-zip,
  // global-agent: only for downloading the CUDA provider), and onnxruntime-common, which it requires.
  const ortSrc = join(root, 'node_modules', 'onnxruntime-node');
  const ortDst = join(payload, 'node_modules', 'onnxruntime-node');
  for (const part of ['package.json', 'dist', 'bin/napi-v6/linux/x64']) cpSync(join(ortSrc, part), join(ortDst, part), { recursive: true });
  cpSync(join(root, 'node_modules', 'onnxruntime-common'), join(payload, 'node_modules', 'onnxruntime-common'), { recursive: true });
  // The Vulkan loader from Debian.
  const debs = join(stage, 'debs');
  mkdirSync(debs);
  // apt downloads as its own _apt user: let it write there (otherwise it warns and downloads as root).
  chmodSync(stage, 0o755);
  chmodSync(debs, 0o777);
  execFileSync('apt-get', ['download', 'libvulkan1'], { cwd: debs, stdio: ['ignore', 'ignore', 'inherit'] });
  const deb = readdirSync(debs).find((n) => n.endsWith('.deb'));
  if (!deb) throw new Error('apt-get download libvulkan1 produced no .deb');
  execFileSync('dpkg', ['-x', join(debs, deb), join(payload, 'vulkan')]);
  say(`Vulkan loader from ${deb}`);
  for (const part of ['dist', 'models']) cpSync(join(root, part), join(payload, part), { recursive: true, filter: (p) => !p.endsWith('.map') });
  await esbuild.build({
    entryPoints: [join(root, 'scripts', 'gpu-bundle', 'check.ts')],
    outfile: join(payload, 'gpu-check.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['onnxruntime-node'],
    logLevel: 'warning',
  });
  const tarball = join(stage, 'payload.tar.xz');
  execFileSync('tar', ['-C', payload, '-cf', tarball, '--use-compress-program=xz -T0 -6', '.']);
  const header = readFileSync(join(root, 'scripts', 'gpu-bundle', 'run-header.sh'), 'utf8');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out);
  const script = join(out, 'run.sh');
  writeFileSync(script, Buffer.concat([Buffer.from(header), readFileSync(tarball)]));
  chmodSync(script, 0o755);
  const size = statSync(script).size;
  say(`wrote ${script}: ${(size / 1024 / 1024).toFixed(1)} MiB (limit 60 MiB)`);
  if (size > LIMIT) throw new Error(`the bundle is ${(size / 1024 / 1024).toFixed(1)} MiB, over 60 MiB`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
