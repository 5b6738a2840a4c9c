/**
 * A throw-away VS Code profile in a temp folder: its own HOME and XDG dirs (code-server and Chromium both write
 * into the home folder otherwise), user settings, the packaged extension (.vsix) installed into an extensions
 * folder, and a workspace that is a copy of the puzzles to open (tests may edit and save them).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installVsix } from './extension-install';
import { EXAMPLES_DIR } from './paths';

export interface Profile {
  root: string;
  home: string;
  userDataDir: string;
  extensionsDir: string;
  browserDir: string;
  workspace: string;
  /** The installed extension folder (publisher.name-version); empty when none was installed. */
  extensionDir: string;
  /** Workspace trust is on and the folder is not trusted: VS Code opens it in Restricted Mode. */
  restricted: boolean;
}

/**
 * User settings that keep the workbench quiet and deterministic: no trust prompt, no welcome page, no tips,
 * telemetry off, a short hover delay, preview tabs off (so each opened file keeps its own tab).
 */
export const USER_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'workbench.reduceMotion': 'on',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'files.autoSave': 'off',
  'editor.formatOnSave': false,
  'editor.hover.delay': 150,
  'editor.hover.sticky': true,
  'editor.minimap.enabled': false,
  // Screenshots show the puzzle, not every other occurrence of the digit under the cursor.
  'editor.occurrencesHighlight': 'off',
  'editor.accessibilitySupport': 'off',
  'editor.fontSize': 14,
  'chat.commandCenter.enabled': false,
  // xterm's DOM renderer, so that terminal text (a training task's progress) can be read from the page.
  'terminal.integrated.gpuAcceleration': 'off',
};

/** The workspace: a copy of examples/, the files a user opens first (tests edit and save the copies). */
function createWorkspace(workspace: string): void {
  mkdirSync(workspace, { recursive: true });
  cpSync(EXAMPLES_DIR, workspace, { recursive: true });
}

export interface ProfileOptions {
  /**
   * Install the packaged extension (default). The API-level suite says no: it loads the repo as the extension
   * under development instead.
   */
  installExtension?: boolean;
  /** Open the workspace untrusted, in Restricted Mode (default: trust off, as if trusted). */
  restricted?: boolean;
}

/** Workspace trust on, with no prompt at start-up: an untrusted folder then simply opens in Restricted Mode. */
const RESTRICTED_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
};

export function createProfile(options: ProfileOptions = {}): Profile {
  const root = mkdtempSync(join(tmpdir(), 'trm-e2e-'));
  const profile: Profile = {
    root,
    home: join(root, 'home'),
    userDataDir: join(root, 'user-data'),
    extensionsDir: join(root, 'extensions'),
    browserDir: join(root, 'browser'),
    workspace: join(root, 'workspace'),
    extensionDir: '',
    restricted: options.restricted ?? false,
  };
  for (const dir of [profile.home, profile.extensionsDir, profile.browserDir, join(profile.userDataDir, 'User')]) {
    mkdirSync(dir, { recursive: true });
  }
  writeUserSettings(profile);
  if (options.installExtension ?? true) profile.extensionDir = installVsix(profile.extensionsDir, profile.userDataDir, isolatedEnv(profile));
  createWorkspace(profile.workspace);
  return profile;
}

/**
 * Writes the user settings file: the suite's USER_SETTINGS plus `extra` (a scenario's own, such as a model
 * path). The running workbench notices the change and tells the language server, as when a person edits it.
 */
export function writeUserSettings(profile: Profile, extra: Record<string, unknown> = {}): void {
  const trust = profile.restricted ? RESTRICTED_SETTINGS : {};
  writeFileSync(join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...trust, ...extra }, null, 2));
}

/** Environment for processes that must not touch the real home folder. */
export function isolatedEnv(profile: Profile): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Variables of an enclosing VS Code, of the test runner, or Node options meant for the test process.
    if (/^(VSCODE_|ELECTRON_|NODE_TEST_|NODE_OPTIONS$|NODE_CHANNEL_FD$)/.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    HOME: profile.home,
    XDG_CONFIG_HOME: join(profile.home, '.config'),
    XDG_DATA_HOME: join(profile.home, '.local', 'share'),
    XDG_CACHE_HOME: join(profile.home, '.cache'),
    XDG_STATE_HOME: join(profile.home, '.local', 'state'),
  };
}

/** Copies code-server's own log and the workbench/extension-host logs out of the temp profile into logsDir. */
export function keepLogs(profile: Profile, browserConsole: readonly string[], logsDir: string): void {
  rmSync(logsDir, { recursive: true, force: true });
  mkdirSync(logsDir, { recursive: true });
  writeFileSync(join(logsDir, 'browser-console.log'), browserConsole.join('\n'));
  const codeServerLog = join(profile.root, 'code-server.log');
  if (existsSync(codeServerLog)) cpSync(codeServerLog, join(logsDir, 'code-server.log'));
  const vscodeLogs = join(profile.userDataDir, 'logs');
  if (existsSync(vscodeLogs)) cpSync(vscodeLogs, join(logsDir, 'vscode'), { recursive: true });
}
