// How `auto` judges a WebGPU adapter before loading it (server/src/trm/runtime/adapters.ts): on real folders
// laid out like /dev and the Vulkan loader's driver-manifest folders. Needs no GPU and no Vulkan.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gpuDeviceNodes, softwareDriverOf, softwareOnlyAdapterReason, vulkanDriverManifests } from '../../server/src/trm/runtime/adapters';
import { normaliseSettings } from '../../server/src/settings';
import { tempDir } from '../trm/model-fixtures';

function manifest(dir: string, name: string, library: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: library, api_version: '1.3.0' } }));
  return path;
}

describe('WebGPU adapter judgement', () => {
  it('finds the GPU device nodes Mesa, NVIDIA and WSL drivers open, and nothing else', () => {
    const dev = tempDir('trm-dev-');
    mkdirSync(join(dev, 'dri'));
    writeFileSync(join(dev, 'dri', 'card0'), '');
    writeFileSync(join(dev, 'nvidiactl'), '');
    assert.deepEqual(gpuDeviceNodes(dev), []);
    writeFileSync(join(dev, 'dri', 'renderD128'), '');
    writeFileSync(join(dev, 'nvidia0'), '');
    assert.deepEqual(gpuDeviceNodes(dev).sort(), [join(dev, 'dri', 'renderD128'), join(dev, 'nvidia0')].sort());
  });

  it('reads the driver manifests the loader would: VK_DRIVER_FILES files and folders, else the XDG folders', () => {
    const root = tempDir('trm-icd-');
    const lvp = manifest(join(root, 'share', 'vulkan', 'icd.d'), 'lvp_icd.x86_64.json', 'libvulkan_lvp.so');
    const nv = manifest(join(root, 'nv'), 'nvidia_icd.json', 'libGLX_nvidia.so.0');
    assert.deepEqual(vulkanDriverManifests({ VK_DRIVER_FILES: nv }), [nv]);
    assert.deepEqual(vulkanDriverManifests({ VK_DRIVER_FILES: `${join(root, 'share', 'vulkan', 'icd.d')}:${nv}` }), [lvp, nv]);
    const found = vulkanDriverManifests({ XDG_DATA_DIRS: join(root, 'share'), XDG_DATA_HOME: join(root, 'none'), XDG_CONFIG_HOME: join(root, 'none'), XDG_CONFIG_DIRS: join(root, 'none') });
    assert.ok(found.includes(lvp), found.join(', '));
    assert.equal(softwareDriverOf(lvp), 'lavapipe');
    assert.equal(softwareDriverOf(manifest(root, 'sw.json', 'libvk_swiftshader.so')), 'SwiftShader');
    assert.equal(softwareDriverOf(nv), undefined);
  });

  it('calls the adapter software when no device node exists, naming the driver, and not when one does', () => {
    const root = tempDir('trm-sw-');
    const lvp = manifest(join(root, 'icd'), 'lvp_icd.json', 'libvulkan_lvp.so');
    const dev = join(root, 'dev');
    mkdirSync(join(dev, 'dri'), { recursive: true });
    const reason = softwareOnlyAdapterReason({ VK_DRIVER_FILES: lvp }, dev);
    if (process.platform !== 'linux') return assert.equal(reason, undefined);
    assert.match(reason ?? '', /no GPU device .* software Vulkan driver \(lavapipe\), slower than the CPU/);
    assert.equal(softwareOnlyAdapterReason({ VK_DRIVER_FILES: lvp, TRM_WEBGPU_SOFTWARE: 'time' }, dev), undefined);
    writeFileSync(join(dev, 'dri', 'renderD128'), '');
    assert.equal(softwareOnlyAdapterReason({ VK_DRIVER_FILES: lvp }, dev), undefined);
  });

  it('the device setting takes webgpu, and falls back to the default for anything else', () => {
    assert.equal(normaliseSettings({ device: 'webgpu' }).device, 'webgpu');
    assert.equal(normaliseSettings({ device: 'metal' }).device, 'auto');
  });
});
