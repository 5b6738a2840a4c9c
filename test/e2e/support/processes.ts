/** Small process and network helpers for the suite: a free port, waiting for an HTTP endpoint, killing a tree. */
import type { ChildProcess } from 'node:child_process';
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
