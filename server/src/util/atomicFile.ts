/**
 * Writing files so that a reader never sees half of one: the data goes to a temporary sibling, is flushed
 * to disk, and only then renamed over the target (a rename within a folder is atomic).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';

/** Writes and flushes a temporary sibling of `path` holding `chunks`, in order; returns its path. */
export async function writeTempFile(path: string, chunks: Iterable<Uint8Array | string>): Promise<string> {
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
