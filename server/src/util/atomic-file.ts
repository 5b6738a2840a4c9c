/**
 * Writing files so that a reader never sees half of one: the data goes to a temporary sibling
 * (`NAME.PID.RANDOM.tmp`), is flushed to disk, and only then renamed over the target (a rename within a
 * folder is atomic). A process killed mid-write leaves its temporary behind; the next write of the same
 * file (and a training run starting in the folder) removes such leftovers.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A temporary this old is a leftover even if a process with its PID runs (PIDs are reused). */
export const STALE_TEMP_AGE_MS = 60 * 60 * 1000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporaries of `path` left by writers that are gone: their PID no longer runs, or the file
 * is older than STALE_TEMP_AGE_MS. Returns the paths removed. A writer that is alive keeps its temporary.
 */
export async function removeStaleTempFiles(path: string, now = Date.now()): Promise<string[]> {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length));
    if (!match) continue;
    const pid = Number(match[1]);
    const temp = join(dir, name);
    try {
      const stat = await fs.lstat(temp);
      if (!stat.isFile()) continue;
      const stale = (pid !== process.pid && !processAlive(pid)) || now - stat.mtimeMs > STALE_TEMP_AGE_MS;
      if (!stale) continue;
      await fs.rm(temp, { force: true });
      removed.push(temp);
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
}

/** Writes and flushes a temporary sibling of `path` holding `chunks`, in order; returns its path. */
export async function writeTempFile(path: string, chunks: Iterable<Uint8Array | string>): Promise<string> {
  await removeStaleTempFiles(path);
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.open(temp, 'w');
  try {
    // writeFile writes a whole chunk (a bare write may write less) from the handle's current position.
    for (const chunk of chunks) await handle.writeFile(chunk);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw e;
  }
  await handle.close();
  return temp;
}

export async function writeFileAtomic(path: string, chunks: Iterable<Uint8Array | string>): Promise<void> {
  await fs.rename(await writeTempFile(path, chunks), path);
}
