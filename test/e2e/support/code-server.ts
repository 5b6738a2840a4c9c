/**
 * Starts code-server (VS Code 1.100 for the web) on a free port with the profile's folders, and stops it with its
 * whole process group. Its output goes to a log file in the profile, kept with the results when a test fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER_ENTRY } from './paths';
import { freePort, killProcessGroup, waitForHttpOk } from './processes';
import { isolatedEnv, type Profile } from './profile';

export interface CodeServer {
  /** Its process id, also its process group's: every process it starts (a task's too) descends from it. */
  pid: number | undefined;
  port: number;
  /** What the browser loads, and the authority of vscode-remote:// URIs. */
  origin: string;
  logFile: string;
  stop(): Promise<void>;
}

/** `env` adds variables for code-server and what it starts (the extension host inherits them). */
export async function startCodeServer(profile: Profile, env: NodeJS.ProcessEnv = {}): Promise<CodeServer> {
  const port = await freePort();
  const logFile = join(profile.root, 'code-server.log');
  const out = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(
      process.execPath,
      [
        CODE_SERVER_ENTRY,
        '--bind-addr', `127.0.0.1:${port}`,
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        // Restricted Mode needs workspace trust, which code-server otherwise switches off.
        ...(profile.restricted ? [] : ['--disable-workspace-trust']),
        '--disable-getting-started-override',
        '--ignore-last-opened',
        '--user-data-dir', profile.userDataDir,
        '--extensions-dir', profile.extensionsDir,
        profile.workspace,
      ],
      // Its own process group, so that stop() reaches the extension host and the language server too.
      { cwd: profile.root, env: { ...isolatedEnv(profile), ...env }, stdio: ['ignore', out, out], detached: true },
    );
  } finally {
    closeSync(out);
  }
  // code-server runs in a process group of its own, which nothing else ends: if the test process goes without
  // calling stop() (a crash, Ctrl+C, the runner's SIGTERM), take the group down with it.
  const pgid = child.pid;
  const killNow = () => {
    try {
      if (pgid !== undefined) process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const exitOnSignal = (signal: NodeJS.Signals) => process.exit(signal === 'SIGINT' ? 130 : 143);
  process.on('exit', killNow);
  process.on('SIGINT', exitOnSignal);
  process.on('SIGTERM', exitOnSignal);
  const stop = async () => {
    await killProcessGroup(child);
    process.off('exit', killNow);
    process.off('SIGINT', exitOnSignal);
    process.off('SIGTERM', exitOnSignal);
  };
  try {
    // /healthz answers long before the workbench exists; the page itself is waited on by the browser side.
    await waitForHttpOk(`http://127.0.0.1:${port}/healthz`, child, 60_000);
  } catch (error) {
    await stop();
    throw new Error(`code-server did not start (log: ${logFile}): ${(error as Error).message}`);
  }
  return { pid: child.pid, port, origin: `http://127.0.0.1:${port}`, logFile, stop };
}
