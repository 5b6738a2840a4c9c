/**
 * The GPU check that `npm run gpu-bundle` packs (bundled by esbuild into gpu-check.js, next to node_modules,
 * dist/ and models/ in the unpacked folder). It prints what a GPU machine needs to know, in order: the
 * adapter seen (what Vulkan can reach: device nodes, the driver manifests, nvidia-smi where present), parity
 * of every shipped model on WebGPU (and CUDA) against the CPU, the choice `auto` makes, and the bench's
 * device section. Exit status 0 when every device that loaded matched the CPU; 1 otherwise.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { printDeviceBench } from '../../bench/devices';
import { STEP_OUTPUTS } from '../../server/src/trm/model/inference-graph';
import { loadModelFile } from '../../server/src/trm/model/model-file';
import { runAct, type ActTrace } from '../../server/src/trm/runtime/act';
import { gpuDeviceNodes, softwareDriverOf, vulkanDriverManifests } from '../../server/src/trm/runtime/adapters';
import { createDeviceSession, type Device } from '../../server/src/trm/runtime/device';
import { deviceName } from '../../server/src/trm/runtime/device-names';
import { ModelHost } from '../../server/src/trm/runtime/model-host';

const root = __dirname;
// Random boards are far from what the models were trained on, so their float32 sums drift more than on real
// puzzles: on lavapipe the maze model's q_halt differed by up to 1.9e-4 after 3 steps at batch 16.
const Q_HALT_TOLERANCE = 1e-3;
const models = join(root, 'models');

function adapterSeen(): void {
  console.log('## Adapter');
  const nodes = gpuDeviceNodes();
  console.log(`GPU device nodes: ${nodes.length ? nodes.join(', ') : 'none'}`);
  const manifests = vulkanDriverManifests();
  console.log(`Vulkan driver manifests: ${manifests.length ? manifests.map((m) => `${m}${softwareDriverOf(m) ? ` (software: ${softwareDriverOf(m)})` : ''}`).join(', ') : 'none'}`);
  for (const key of ['VK_DRIVER_FILES', 'LD_LIBRARY_PATH']) console.log(`${key}=${process.env[key] ?? ''}`);
  try {
    console.log(execFileSync('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'], { encoding: 'utf8', timeout: 20_000 }).trim());
  } catch {
    console.log('nvidia-smi: not available');
  }
}

function compare(gpu: readonly (ActTrace | null)[], cpu: readonly (ActTrace | null)[]): { answersEqual: boolean; maxQHaltDiff: number } {
  let answersEqual = true;
  let maxQHaltDiff = 0;
  gpu.forEach((g, i) => {
    const c = cpu[i]!;
    g!.stepAnswers.forEach((a, s) => {
      if (a.some((v, k) => v !== c.stepAnswers[s]![k])) answersEqual = false;
    });
    g!.qHalt.forEach((q, s) => (maxQHaltDiff = Math.max(maxQHaltDiff, Math.abs(q - c.qHalt[s]!))));
  });
  return { answersEqual, maxQHaltDiff };
}

async function parity(): Promise<boolean> {
  console.log(`\n## Parity against the CPU (16 boards of random tokens, 3 supervision steps, y/z kept on the GPU; SAME: equal answers, q_halt within ${Q_HALT_TOLERANCE})`);
  let ok = true;
  for (const name of readdirSync(models).filter((n) => n.endsWith('.onnx')).sort()) {
    const model = await loadModelFile(join(models, name));
    const { config } = model;
    const sequences = Array.from({ length: 16 }, (_, i) => ({
      tokens: Int32Array.from({ length: config.seqLen }, (_, s) => 1 + ((s * 31 + i * 17) % (config.vocabSize - 1))),
      ...(config.puzzleEmbLen > 0 ? { puzzleId: i % config.numPuzzleIdentifiers } : {}),
    }));
    const options = { maxSteps: 3, haltEarly: false, perCycle: false };
    const cpu = await createDeviceSession(model.bytes, 'cpu');
    const reference = await runAct(cpu.session, config, sequences, options);
    await cpu.session.release();
    const cells: string[] = [];
    for (const device of ['webgpu', 'cuda'] as Device[]) {
      let s;
      try {
        s = await createDeviceSession(model.bytes, device, {}, { keepOnDevice: [STEP_OUTPUTS.yOut, STEP_OUTPUTS.zOut] });
      } catch (e) {
        cells.push(`${deviceName(device)}: ${(e as Error).message.replace(/ \(the device setting is .*$/, '')}`);
        continue;
      }
      const traces = await runAct(s.session, config, sequences, options, s.onDevice);
      await s.session.release();
      const { answersEqual, maxQHaltDiff } = compare(traces, reference);
      const same = answersEqual && maxQHaltDiff <= Q_HALT_TOLERANCE;
      ok &&= same;
      cells.push(`${deviceName(device)}: ${same ? 'SAME' : 'DIFFERENT'} (answers ${answersEqual ? 'equal' : 'differ'}, max |q_halt diff| ${maxQHaltDiff.toExponential(1)})`);
    }
    console.log(`${name.padEnd(18)} ${cells.join('   ')}`);
  }
  return ok;
}

async function autoChoice(): Promise<void> {
  console.log('\n## What "auto" chooses (per shipped model, as the server loads it)');
  const host = new ModelHost();
  for (const name of readdirSync(models).filter((n) => n.endsWith('.onnx')).sort()) {
    const info = await host.load(join(models, name), 'auto');
    console.log(`${name.padEnd(18)} ${deviceName(info.device)}${info.fallbackReason ? ` (${info.fallbackReason})` : ''}`);
    host.unload(join(models, name));
    await host.releaseRetired();
  }
}

async function main(): Promise<void> {
  adapterSeen();
  const ok = await parity();
  await autoChoice();
  console.log('\n## Devices (bench/devices.ts; x = CPU time / device time, measured in this run)');
  await printDeviceBench(models);
  process.exitCode = ok ? 0 : 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
