/**
 * The conventional route: @vscode/test-electron downloads a desktop VS Code and runs the suite in it. That
 * download needs the VS Code update server, which machines with only a package registry cannot reach, so it
 * gets a short timeout and an overall deadline: a missing network must cost seconds, not minutes.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests, SilentReporter } from '@vscode/test-electron';
import { PROJECT_ROOT, RESULTS_FILE, TESTS_ENTRY, VSCODE_VERSION, type Attempt } from './paths';

/** No data from the download server for this long: give up. */
const IDLE_TIMEOUT_MS = 5_000;
/** However the download is going, give up after this long (a DNS lookup that hangs, say). */
const DEADLINE_MS = 20_000;

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/** Runs the suite in a downloaded desktop VS Code, or says why that cannot happen here. */
export async function runInElectron(workspace: string): Promise<Attempt> {
  let executable: string;
  try {
    executable = await withDeadline(
      downloadAndUnzipVSCode({
        version: VSCODE_VERSION,
        cachePath: join(PROJECT_ROOT, '.vscode-test'),
        timeout: IDLE_TIMEOUT_MS,
        reporter: new SilentReporter(),
      }),
      DEADLINE_MS,
      'download',
    );
  } catch (error) {
    return { kind: 'unavailable', reason: `@vscode/test-electron cannot download VS Code ${VSCODE_VERSION} (${firstLine(error)})` };
  }
  // Electron needs a display; CI machines without one run it under xvfb-run, which sets DISPLAY.
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { kind: 'unavailable', reason: 'desktop VS Code was downloaded but there is no display (run under xvfb-run)' };
  }
  const profile = mkdtempSync(join(tmpdir(), 'trm-api-electron-'));
  mkdirSync(join(profile, 'extensions'));
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: PROJECT_ROOT,
      extensionTestsPath: TESTS_ENTRY,
      extensionTestsEnv: { TRM_VSCODE_API_RESULTS: RESULTS_FILE },
      launchArgs: [
        workspace,
        `--user-data-dir=${join(profile, 'user-data')}`,
        `--extensions-dir=${join(profile, 'extensions')}`,
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-gpu',
      ],
    });
    return { kind: 'ran', status: 0 };
  } catch (error) {
    console.error(`vscode-api: desktop VS Code: ${firstLine(error)}`);
    return { kind: 'ran', status: 1 };
  }
}
