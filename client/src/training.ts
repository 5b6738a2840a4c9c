/**
 * "TRM: Train Model": asks for the puzzle kind and preset, and runs `trm train` as a VS Code task in a
 * terminal (the `trm-train` task type, so the same run can live in tasks.json). When the run ends well,
 * the new model becomes the model for its kind — the server loads it without a restart — and a
 * notification reports its held-out accuracy from the model card.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { PuzzleKind as Kind } from '../../server/src/contract/messages';
import { cardPathFor, readModelCardFile } from '../../server/src/contract/model-card';
import { PRESET_SIZES as SIZES, type PresetName as Preset } from '../../server/src/contract/presets';
import type { Ctx } from './ctx';

export const TASK_TYPE = 'trm-train';

export interface TrainTaskDefinition extends vscode.TaskDefinition {
  type: typeof TASK_TYPE;
  kind: Kind;
  preset: Preset;
  size?: number;
  steps?: number;
  optimizer?: 'adamw' | 'adam-atan2';
  out?: string;
  resume?: boolean;
  /** Where to train; default: the trm.device setting. */
  device?: 'auto' | 'cuda' | 'webgpu' | 'cpu';
}

function outDir(definition: TrainTaskDefinition, ctx: Ctx): string {
  if (definition.out) {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return root && !isAbsolute(definition.out) ? join(root, definition.out) : definition.out;
  }
  const size = definition.size ?? SIZES[definition.kind][definition.preset];
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? ctx.extension.globalStorageUri.fsPath;
  return join(base, 'trm-runs', `${definition.kind}-${size}x${size}-${definition.preset}`);
}

export function trainTask(ctx: Ctx, definition: TrainTaskDefinition): vscode.Task {
  const args = [ctx.extension.asAbsolutePath('dist/cli.js'), 'train', '--kind', definition.kind, '--preset', definition.preset, '--out', outDir(definition, ctx)];
  if (definition.size !== undefined) args.push('--size', String(definition.size));
  if (definition.steps !== undefined) args.push('--steps', String(definition.steps));
  if (definition.optimizer !== undefined) args.push('--optimizer', definition.optimizer);
  if (definition.resume) args.push('--resume');
  // The run follows the device setting unless the task names its own.
  args.push('--device', definition.device ?? vscode.workspace.getConfiguration('trm').get<string>('device', 'auto'));
  // The extension host's own runtime runs the CLI: Node in code-server, Electron-as-Node in desktop VS Code.
  const execution = new vscode.ProcessExecution(process.execPath, args, { env: { ELECTRON_RUN_AS_NODE: '1' } });
  const label = `train ${definition.kind} (${definition.preset}${definition.size ? `, ${definition.size}x${definition.size}` : ''})`;
  const task = new vscode.Task(definition, vscode.TaskScope.Workspace, label, 'TRM', execution, []);
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  return task;
}

export class TrainTaskProvider implements vscode.TaskProvider {
  constructor(private readonly ctx: Ctx) {}

  provideTasks(): vscode.Task[] {
    if (!vscode.workspace.isTrusted) return [];
    return [trainTask(this.ctx, { type: TASK_TYPE, kind: 'sudoku', preset: 'tiny' })];
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    if (!vscode.workspace.isTrusted) return undefined;
    const d = task.definition as TrainTaskDefinition;
    if (d.type !== TASK_TYPE || !d.kind || !d.preset) return undefined;
    const resolved = trainTask(this.ctx, d);
    return new vscode.Task(task.definition, task.scope ?? vscode.TaskScope.Workspace, resolved.name, 'TRM', resolved.execution, []);
  }
}

/** When a training task ends well, hand its model to the server and say how good it is. */
export function watchTrainingTasks(ctx: Ctx): vscode.Disposable {
  return vscode.tasks.onDidEndTaskProcess(async (event) => {
    const definition = event.execution.task.definition as TrainTaskDefinition;
    if (definition.type !== TASK_TYPE) return;
    if (event.exitCode !== 0) {
      const resume = event.exitCode === 130 ? ' It stopped with a checkpoint: run it again with "resume": true to continue.' : '';
      void vscode.window.showWarningMessage(`TRM: training ${definition.kind} ended with exit code ${event.exitCode}.${resume}`);
      return;
    }
    const model = join(outDir(definition, ctx), 'model.onnx');
    const cardPath = cardPathFor(model);
    if (!existsSync(cardPath)) return;
    let card;
    try {
      card = readModelCardFile(cardPath);
    } catch (e) {
      void vscode.window.showErrorMessage(`TRM: the training run finished, but ${(e as Error).message}`);
      return;
    }
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('trm').update(`models.${definition.kind}`, model, target);
    const a = card.accuracy;
    const figures = a ? `${(a.exact * 100).toFixed(1)}% exact, ${(a.cell * 100).toFixed(1)}% of cells on ${a.puzzles} held-out puzzles` : 'accuracy not measured';
    void vscode.window.showInformationMessage(`TRM: trained ${card.name} — ${figures}. ${definition.kind} puzzles now use it.`);
  });
}

export const UNTRUSTED_TRAINING_MESSAGE =
  'TRM: Train Model is not available in Restricted Mode: training runs a program that writes into this workspace. Trust the workspace to train here.';
const MANAGE_TRUST = 'Manage Workspace Trust';

/** Training runs a process in the workspace: in Restricted Mode it is refused, with a way to trust the folder. */
function refuseUntrusted(): boolean {
  if (vscode.workspace.isTrusted) return false;
  void vscode.window.showWarningMessage(UNTRUSTED_TRAINING_MESSAGE, MANAGE_TRUST).then((choice) => {
    if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return true;
}

export async function pickAndTrain(ctx: Ctx): Promise<void> {
  if (refuseUntrusted()) return;
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'sudoku', description: '4x4, 6x6 or 9x9 boards' },
      { label: 'maze', description: 'shortest paths' },
      { label: 'arc', description: 'ARC-AGI tasks from ../shared/data/arc' },
    ],
    { title: 'TRM: Train Model (1/2) — puzzle kind' },
  );
  if (!kind) return;
  const k = kind.label as Kind;
  const preset = await vscode.window.showQuickPick(
    [
      { label: 'tiny', description: `${SIZES[k].tiny}x${SIZES[k].tiny}, minutes on a CPU` },
      { label: 'small', description: `${SIZES[k].small}x${SIZES[k].small}, an hour or more on a CPU` },
      { label: 'paper', description: `${SIZES[k].paper}x${SIZES[k].paper}, the paper's configuration: for a GPU` },
    ],
    { title: 'TRM: Train Model (2/2) — preset' },
  );
  if (!preset) return;
  await vscode.tasks.executeTask(trainTask(ctx, { type: TASK_TYPE, kind: k, preset: preset.label as Preset }));
}
