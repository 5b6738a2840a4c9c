/**
 * Loaded models by path, through the worker. A model is loaded once per (path, device); a failure is
 * remembered (and reported) until the file changes. Model files are watched: when a model or its card is
 * rewritten — a training run finishing, say — it is reloaded and listeners hear about it.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { DevicePreference } from './device';
import type { ModelInfo } from './protocol';
import type { ModelWorkerClient } from './worker-client';
import { cardPathFor } from '../../contract/model-card';
import { deviceName } from './device-names';

interface Entry {
  device: DevicePreference;
  loading: Promise<ModelInfo>;
}

export type ModelEvent = { path: string; info?: ModelInfo; error?: string };

export class ModelRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly reloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly listeners: Array<(event: ModelEvent) => void> = [];

  constructor(
    private readonly worker: ModelWorkerClient,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    // A model that no longer loads into a restarted worker is loaded afresh at its next use, which then
    // reports why it fails.
    worker.onDidChangeWorker((event) => {
      if (event.type === 'restarted') for (const { path } of event.failed) this.entries.delete(path);
    });
  }

  onDidChange(listener: (event: ModelEvent) => void): void {
    this.listeners.push(listener);
  }

  /** The model at `path` on `device`, loading it the first time (or after the device setting changed). */
  get(path: string, device: DevicePreference): Promise<ModelInfo> {
    const entry = this.entries.get(path);
    if (entry && entry.device === device) return entry.loading;
    return this.load(path, device);
  }

  /** The paths of the models loaded or loading. */
  paths(): string[] {
    return [...this.entries.keys()];
  }

  /** Forgets the model at `path` and frees its session in the worker (no model setting names it any more). */
  async release(path: string): Promise<void> {
    if (!this.entries.delete(path)) return;
    clearTimeout(this.reloadTimers.get(path));
    this.reloadTimers.delete(path);
    this.log(`unloading ${path}: no setting uses it any more`);
    await this.worker.unload(path);
  }

  private load(path: string, device: DevicePreference): Promise<ModelInfo> {
    const loading = this.worker.load(path, device);
    this.entries.set(path, { device, loading });
    this.watchFolder(path);
    loading.then(
      (info) => {
        if (info.fallbackReason) this.log(`${info.name}: running on the CPU. ${info.fallbackReason}`);
        this.log(`loaded ${info.name} (${info.kind}, ${info.canvas.rows}x${info.canvas.cols}) on ${deviceName(info.device)}${info.fallbackReason ? ` (${info.fallbackReason})` : ''} from ${path}`);
      },
      (e: Error) => this.log(e.message),
    );
    return loading;
  }

  private watchFolder(path: string): void {
    const dir = dirname(path);
    if (this.watchers.has(dir)) return;
    try {
      const watcher = watch(dir, (_event, file) => {
        if (!file) return;
        for (const modelPath of this.entries.keys()) {
          if (dirname(modelPath) !== dir) continue;
          if (file === basename(modelPath) || file === basename(cardPathFor(modelPath))) this.scheduleReload(modelPath);
        }
      });
      watcher.on('error', () => this.watchers.delete(dir));
      watcher.unref();
      this.watchers.set(dir, watcher);
    } catch (e) {
      this.log(`cannot watch ${dir} for model changes: ${(e as Error).message}`);
    }
  }

  private scheduleReload(path: string): void {
    clearTimeout(this.reloadTimers.get(path));
    // A training run writes the model, then its card: wait until both have landed.
    const timer = setTimeout(() => {
      this.reloadTimers.delete(path);
      const entry = this.entries.get(path);
      if (!entry) return;
      this.log(`${path} changed on disk: reloading`);
      this.load(path, entry.device).then(
        (info) => this.emit({ path, info }),
        // Removed or broken on disk: the worker's session of the old file serves nothing now, so it is freed.
        (e: Error) => void this.worker.unload(path).finally(() => this.emit({ path, error: e.message })),
      );
    }, 400);
    timer.unref();
    this.reloadTimers.set(path, timer);
  }

  private emit(event: ModelEvent): void {
    for (const l of this.listeners) l(event);
  }

  dispose(): void {
    for (const w of this.watchers.values()) w.close();
    for (const t of this.reloadTimers.values()) clearTimeout(t);
    this.watchers.clear();
  }
}
