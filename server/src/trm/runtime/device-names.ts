/** How a device is named to people (status bar, hover, CLI). Kept free of onnxruntime so any module can use it. */
import type { Device, DevicePreference } from './device';

const NAMES: Record<Device, string> = { cuda: 'CUDA', webgpu: 'WebGPU', cpu: 'CPU' };

export function deviceName(device: Device): string {
  return NAMES[device];
}

export const DEVICE_PREFERENCES = ['auto', 'cuda', 'webgpu', 'cpu'] as const satisfies readonly DevicePreference[];
