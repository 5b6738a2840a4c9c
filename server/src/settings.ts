/**
 * The only place that reads settings. VS Code answers `workspace/configuration` for the `trm` section;
 * clients without it (or before they answer) get the defaults, overridden by `initializationOptions.settings`.
 */
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver';
import type { PuzzleKind } from './puzzles/types';
import type { DevicePreference } from './trm/runtime/device';
import type { AnswerOptions } from './solving/model-answers';
import { DEFAULT_HALT_EARLY, DEFAULT_MAX_SUPERVISION_STEPS } from './trm/model/supervision';

/**
 * The device names the setting accepts, keyed by the runtime's own list, so that a device the runtime gains
 * fails to compile here until it is accepted here too.
 */
const DEVICE_CHOICES: Record<DevicePreference, true> = { auto: true, cuda: true, webgpu: true, cpu: true };
export type { DevicePreference };

export interface TrmSettings {
  device: DevicePreference;
  /** Model file per kind; empty means the shipped model that fits the board, if any. */
  models: { sudoku: string; maze: string; arc: string };
  maxSupervisionSteps: number;
  /** Stop the ACT loop early, by the rule of `haltsAt` (otherwise run every step). */
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

/** The model options of a document of `kind`, as the answer cache (solving/model-answers.ts) takes them. */
export function answerOptionsFor(settings: TrmSettings, kind: PuzzleKind): AnswerOptions {
  return {
    device: settings.device,
    modelPath: settings.models[kind],
    maxSteps: settings.maxSupervisionSteps,
    haltEarly: settings.haltEarly,
    perCycle: settings.recursionPerCycle,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A setting whose value was not usable, and the value used instead: what the user is told. */
export interface SettingComplaint {
  /** The setting's full name, `trm.device`. */
  setting: string;
  value: unknown;
  used: unknown;
  /** What a valid value is. */
  expected: string;
}

const MIN_STEPS = 1;
const MAX_STEPS = 64;

const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isDevice = (v: unknown): v is DevicePreference => typeof v === 'string' && Object.hasOwn(DEVICE_CHOICES, v);

/** Reads settings leniently and says what it replaced: values it cannot use fall back to `base`'s. */
class SettingsReader {
  readonly complaints: SettingComplaint[] = [];

  pick<T>(name: string, value: unknown, fallback: T, valid: (v: unknown) => v is T, expected: string): T {
    if (valid(value)) return value;
    // Absent (or null, which some clients send for "unset") is not a mistake: the fallback is simply used.
    if (value !== undefined && value !== null) this.complaints.push({ setting: `trm.${name}`, value, used: fallback, expected });
    return fallback;
  }

  /** An integer setting: out of range is clamped to the nearest bound (what the user most likely meant). */
  integer(name: string, value: unknown, fallback: number, min: number, max: number): number {
    const expected = `an integer from ${min} to ${max}`;
    if (typeof value === 'number' && Number.isInteger(value)) {
      if (value >= min && value <= max) return value;
      const used = Math.max(min, Math.min(max, value));
      this.complaints.push({ setting: `trm.${name}`, value, used, expected });
      return used;
    }
    return this.pick(name, value, fallback, (_: unknown): _ is number => false, expected);
  }
}

/** Normalises whatever a client sent (partial, wrong types) into complete settings, and what it replaced. */
export function readSettings(raw: unknown, base: TrmSettings = DEFAULT_SETTINGS): { settings: TrmSettings; complaints: SettingComplaint[] } {
  const read = new SettingsReader();
  const r = isRecord(raw) ? raw : {};
  const models = isRecord(r.models) ? r.models : {};
  const hints = isRecord(r.hints) ? r.hints : {};
  const recursion = isRecord(r.recursion) ? r.recursion : {};
  const devices = Object.keys(DEVICE_CHOICES).join(', ');
  const settings: TrmSettings = {
    device: read.pick('device', r.device, base.device, isDevice, `one of ${devices}`),
    models: {
      sudoku: read.pick('models.sudoku', models.sudoku, base.models.sudoku, isString, 'a path to a model file'),
      maze: read.pick('models.maze', models.maze, base.models.maze, isString, 'a path to a model file'),
      arc: read.pick('models.arc', models.arc, base.models.arc, isString, 'a path to a model file'),
    },
    maxSupervisionSteps: read.integer('maxSupervisionSteps', r.maxSupervisionSteps, base.maxSupervisionSteps, MIN_STEPS, MAX_STEPS),
    haltEarly: read.pick('haltEarly', r.haltEarly, base.haltEarly, isBoolean, 'true or false'),
    hints: {
      inlay: read.pick('hints.inlay', hints.inlay, base.hints.inlay, isBoolean, 'true or false'),
      codeAction: read.pick('hints.codeAction', hints.codeAction, base.hints.codeAction, isBoolean, 'true or false'),
    },
    recursionPerCycle: read.pick('recursion.perCycle', recursion.perCycle, base.recursionPerCycle, isBoolean, 'true or false'),
  };
  return { settings, complaints: read.complaints };
}

export function normaliseSettings(raw: unknown, base: TrmSettings = DEFAULT_SETTINGS): TrmSettings {
  return readSettings(raw, base).settings;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The warning for one unusable setting: which, what it was, what a valid value is, and what is used. */
export function complaintMessage(c: SettingComplaint): string {
  return `TRM: the setting ${c.setting} is ${shown(c.value)}, which is not ${c.expected}; using ${shown(c.used)} instead.`;
}

/** Per-resource settings with a cache that is dropped whenever the client says the configuration changed. */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<TrmSettings>>();
  private base: TrmSettings = DEFAULT_SETTINGS;
  private pullSupported = false;

  /** Every unusable value the user has been told about, so each is reported once, not on every read. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly connection: Connection,
    // window/showMessage, not showMessageRequest: a notice needs no answer and must never wait for one.
    private readonly warn: (message: string) => void = (message) =>
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
  ) {}

  configure(options: { pullSupported: boolean; initializationSettings?: unknown }): void {
    this.pullSupported = options.pullSupported;
    this.base = this.read(options.initializationSettings, DEFAULT_SETTINGS);
  }

  /** Settings pushed by `workspace/didChangeConfiguration` (clients without pull) replace the base. */
  changed(pushed: unknown): void {
    this.cache.clear();
    if (!this.pullSupported && isRecord(pushed) && 'trm' in pushed) this.base = this.read(pushed.trm, this.base);
  }

  private read(raw: unknown, base: TrmSettings): TrmSettings {
    const { settings, complaints } = readSettings(raw, base);
    for (const complaint of complaints) {
      const key = `${complaint.setting}\u0000${shown(complaint.value)}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.warn(complaintMessage(complaint));
    }
    return settings;
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
        .then((raw: unknown) => this.read(raw, this.base), () => this.base);
      this.cache.set(key, entry);
    }
    return entry;
  }
}
