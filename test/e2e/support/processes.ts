/**
 * Small process and network helpers for the suite: a free port, waiting for an HTTP endpoint, killing a tree,
 * and finding the processes that code-server starts on the user's behalf (a training task's CLI) in /proc.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A port that was free a moment ago on 127.0.0.1 (the kernel picks it, so parallel runs get different ones). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolvePort(port) : reject(new Error('no port assigned'))));
    });
  });
}

function httpStatus(url: string): Promise<number | undefined> {
  return new Promise((done) => {
    const request = get(url, (response) => {
      response.resume();
      done(response.statusCode);
    });
    request.on('error', () => done(undefined));
    request.setTimeout(2000, () => request.destroy());
  });
}

/** Polls url until it answers 200, the child exits, or timeoutMs passes. */
export async function waitForHttpOk(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`process exited (${child.exitCode ?? child.signalCode}) before ${url} answered`);
    }
    if ((await httpStatus(url)) === 200) return;
    await sleep(200);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends a child started with `detached: true` and everything in its process group (code-server's extension host,
 * the language server, file watchers): SIGTERM first, SIGKILL for what is left after graceMs.
 */
export async function killProcessGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined || !groupAlive(pgid)) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupAlive(pgid)) await sleep(100);
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Gone between the check and the kill.
    }
  }
}

// --- processes that code-server starts --------------------------------------------------------------------------

/** A running process as /proc shows it (Linux: the suite skips elsewhere). */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** One letter: R running, S sleeping, Z exited but not yet reaped by its parent, ... */
  state: string;
  /** Its command line, one entry per argument. */
  args: string[];
}

/** The process `pid`, or undefined when there is none (it exited, or was never there). */
export function processInfo(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after its last ')'.
    const [state = '?', ppid = '0'] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((arg) => arg !== '');
    return { pid, ppid: Number(ppid), state, args };
  } catch {
    return undefined;
  }
}

/** Whether `pid` still runs: an exited process waiting to be reaped (a zombie) runs no more. */
export function isRunning(pid: number): boolean {
  const info = processInfo(pid);
  return info !== undefined && info.state !== 'Z';
}

/** Every running process whose command line satisfies `match`. */
export function findProcesses(match: (args: string[]) => boolean): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = processInfo(Number(name));
    if (info && info.state !== 'Z' && match(info.args)) found.push(info);
  }
  return found;
}

/** Whether `pid` descends from `ancestor` (its parent, its parent's parent, ...). */
export function descendsFrom(pid: number, ancestor: number): boolean {
  const seen = new Set<number>();
  for (let current = processInfo(pid)?.ppid; current && !seen.has(current); current = processInfo(current)?.ppid) {
    if (current === ancestor) return true;
    seen.add(current);
  }
  return false;
}
