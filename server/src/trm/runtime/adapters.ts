/**
 * What kind of WebGPU adapter Dawn would find, decided before loading anything. onnxruntime-node 1.30 does
 * not tell JavaScript which adapter its WebGPU provider picked (no adapter info in its API or its logs), so
 * on Linux the question is answered from what Vulkan can reach: a hardware Vulkan driver needs a GPU device
 * node (/dev/dri/renderD* for Mesa's drivers, /dev/nvidia* for NVIDIA's, /dev/dxg under WSL2). Without one,
 * the only adapter Dawn can get is a software rasteriser (Mesa's lavapipe, SwiftShader), which is slower
 * than ONNX Runtime's own CPU provider for every model.
 *
 * TRM_WEBGPU_SOFTWARE=time disables the shortcut, so a software adapter is timed against the CPU like a
 * hardware one (tests use it to exercise that path on lavapipe).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';

const SOFTWARE_DRIVERS: [RegExp, string][] = [
  [/lvp|lavapipe/i, 'lavapipe'],
  [/swiftshader/i, 'SwiftShader'],
];

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** GPU device nodes a hardware Vulkan driver could open. */
export function gpuDeviceNodes(devRoot = '/dev'): string[] {
  const dri = listDir(join(devRoot, 'dri')).filter((n) => n.startsWith('renderD')).map((n) => join(devRoot, 'dri', n));
  const nvidia = listDir(devRoot).filter((n) => /^nvidia\d+$/.test(n)).map((n) => join(devRoot, n));
  const wsl = existsSync(join(devRoot, 'dxg')) ? [join(devRoot, 'dxg')] : [];
  return [...dri, ...nvidia, ...wsl];
}

/** The Vulkan driver manifests (ICD files) the loader reads, in the loader's search order. */
export function vulkanDriverManifests(env: NodeJS.ProcessEnv = process.env): string[] {
  const expand = (entries: string[]) =>
    entries.flatMap((p) => (p.endsWith('.json') ? [p] : listDir(p).filter((n) => n.endsWith('.json')).map((n) => join(p, n))));
  const explicit = env.VK_DRIVER_FILES ?? env.VK_ICD_FILENAMES;
  const added = expand((env.VK_ADD_DRIVER_FILES ?? '').split(':').filter(Boolean));
  if (explicit !== undefined) return [...expand(explicit.split(':').filter(Boolean)), ...added];
  const home = homedir();
  const configDirs = [env.XDG_CONFIG_HOME ?? join(home, '.config'), ...(env.XDG_CONFIG_DIRS ?? '/etc/xdg').split(':'), '/etc'];
  const dataDirs = [env.XDG_DATA_HOME ?? join(home, '.local', 'share'), ...(env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share').split(':')];
  return [...added, ...expand([...configDirs, ...dataDirs].filter(Boolean).map((d) => join(d, 'vulkan', 'icd.d')))];
}

/** The software driver a manifest names (lavapipe, SwiftShader), or undefined for any other driver. */
export function softwareDriverOf(manifest: string): string | undefined {
  let library = basename(manifest);
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { ICD?: { library_path?: unknown } };
    if (typeof parsed.ICD?.library_path === 'string') library = parsed.ICD.library_path;
  } catch {
    // An unreadable manifest is judged by its file name.
  }
  return SOFTWARE_DRIVERS.find(([pattern]) => pattern.test(library))?.[1];
}

/**
 * Why any WebGPU adapter here would be a software one, or undefined when a hardware one may exist (or
 * this is not Linux, where Dawn runs on D3D12 or Metal and the adapter is timed instead).
 */
export function softwareOnlyAdapterReason(env: NodeJS.ProcessEnv = process.env, devRoot = '/dev'): string | undefined {
  if (process.platform !== 'linux' || env.TRM_WEBGPU_SOFTWARE === 'time') return undefined;
  if (gpuDeviceNodes(devRoot).length > 0) return undefined;
  const software = [...new Set(vulkanDriverManifests(env).flatMap((m) => softwareDriverOf(m) ?? []))];
  const which = software.length ? `a software Vulkan driver (${software.join(', ')})` : 'a software Vulkan driver, if any';
  return `no GPU device (/dev/dri/renderD*, /dev/nvidia*), so its adapter would be ${which}, slower than the CPU`;
}
