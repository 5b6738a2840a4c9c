/**
 * The only place that reads settings. VS Code answers `workspace/configuration` for the `trm` section;
 * clients without it (or before they answer) get the defaults, overridden by `initializationOptions.settings`.
 */
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_HALT_EARLY, DEFAULT_MAX_SUPERVISION_STEPS } from './trm/supervision';

export type DevicePreference = 'auto' | 'cuda' | 'webgpu' | 'cpu';

export interface TrmSettings {
  device: DevicePreference;
  /** Model file per kind; empty means the shipped model that fits the board, if any. */
  models: { sudoku: string; maze: string; arc: string };
  maxSupervisionSteps: number;
  /** Stop the ACT loop at the first step whose q_halt > 0 (otherwise run every step). */
  haltEarly: boolean;
  hints: { inlay: boolean; codeAction: boolean };
  /** Show the answer after every recursion cycle in the recursion hover, not only after each supervision step. */
  recursionPerCycle: boolean;
}

export const DEFAULT_SETTINGS: TrmSettings = {
  device: 'auto',
  models: { sudoku: '', maze: '', arc: '' },
  maxSupervisionSteps: DEFAULT_MAX_SUPERVISION_STEPS,
  haltEarly: DEFAULT_HALT_EARLY,
  hints: { inlay: true, codeAction: true },
  recursionPerCycle: false,
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pick<T>(value: unknown, fallback: T, valid: (v: unknown) => v is T): T {
  return valid(value) ? value : fallback;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isDevice = (v: unknown): v is DevicePreference => v === 'auto' || v === 'cuda' || v === 'webgpu' || v === 'cpu';
const isStepCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 64;

/** Normalises whatever a client sent (partial, wrong types) into complete settings. */
export function normaliseSettings(raw: unknown, base: TrmSettings = DEFAULT_SETTINGS): TrmSettings {
  const r = isRecord(raw) ? raw : {};
  const models = isRecord(r.models) ? r.models : {};
  const hints = isRecord(r.hints) ? r.hints : {};
  const recursion = isRecord(r.recursion) ? r.recursion : {};
  return {
    device: pick(r.device, base.device, isDevice),
    models: {
      sudoku: pick(models.sudoku, base.models.sudoku, isString),
      maze: pick(models.maze, base.models.maze, isString),
      arc: pick(models.arc, base.models.arc, isString),
    },
    maxSupervisionSteps: pick(r.maxSupervisionSteps, base.maxSupervisionSteps, isStepCount),
    haltEarly: pick(r.haltEarly, base.haltEarly, isBoolean),
    hints: {
      inlay: pick(hints.inlay, base.hints.inlay, isBoolean),
      codeAction: pick(hints.codeAction, base.hints.codeAction, isBoolean),
    },
    recursionPerCycle: pick(recursion.perCycle, base.recursionPerCycle, isBoolean),
  };
}

/** Per-resource settings with a cache that is dropped whenever the client says the configuration changed. */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<TrmSettings>>();
  private base: TrmSettings = DEFAULT_SETTINGS;
  private pullSupported = false;

  constructor(private readonly connection: Connection) {}

  configure(options: { pullSupported: boolean; initializationSettings?: unknown }): void {
    this.pullSupported = options.pullSupported;
    this.base = normaliseSettings(options.initializationSettings, DEFAULT_SETTINGS);
  }

  /** Settings pushed by `workspace/didChangeConfiguration` (clients without pull) replace the base. */
  changed(pushed: unknown): void {
    this.cache.clear();
    if (!this.pullSupported && isRecord(pushed) && 'trm' in pushed) this.base = normaliseSettings(pushed.trm, this.base);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  get(uri?: string): Promise<TrmSettings> {
    if (!this.pullSupported) return Promise.resolve(this.base);
    const key = uri ?? '';
    let entry = this.cache.get(key);
    if (!entry) {
      entry = this.connection.workspace
        .getConfiguration(uri ? { scopeUri: uri, section: 'trm' } : { section: 'trm' })
        .then((raw: unknown) => normaliseSettings(raw, this.base), () => this.base);
      this.cache.set(key, entry);
    }
    return entry;
  }
}
