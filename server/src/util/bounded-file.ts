/**
 * Reading a file whose size we bound: only a regular file is read (a FIFO would block forever, a device
 * like /dev/zero never ends), and only up to a limit (a sparse file can claim gigabytes it does not hold
 * on disk, and reading it fills memory with them). The file is opened without blocking and checked on
 * the open handle, so a FIFO swapped in after a check cannot hang the read either.
 */
import { constants, promises as fs, type Stats } from 'node:fs';

export class FileReadError extends Error {
  override name = 'FileReadError';
  constructor(
    readonly path: string,
    /** Why, in words for a user, without the path: "not found", "is a named pipe (FIFO)", … */
    readonly why: string,
  ) {
    super(`${path}: ${why}`);
  }
}

export function describeSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB` : `${bytes} bytes`;
}

function notRegular(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'is a directory';
  if (stat.isFIFO()) return 'is a named pipe (FIFO), not a regular file';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'is a device, not a regular file';
  if (stat.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

function errnoWords(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'not found'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'is a directory'
    : code === 'ENOTDIR' ? 'a folder on its path is not a folder'
    : code === 'ELOOP' ? 'too many symbolic links'
    : (e as Error).message;
}

/** The whole of a regular file of at most `maxBytes` bytes; anything else is a FileReadError. */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new FileReadError(path, errnoWords(e));
  }
  try {
    const stat = await handle.stat();
    const wrongType = notRegular(stat);
    if (wrongType) throw new FileReadError(path, wrongType);
    if (stat.size > maxBytes) throw new FileReadError(path, `${describeSize(stat.size)} is larger than the ${describeSize(maxBytes)} this file may have`);
    // One byte of room past the size: a file that grows while being read is refused, not followed.
    const buffer = Buffer.alloc(stat.size + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) throw new FileReadError(path, 'grew while it was read');
    }
    return buffer.subarray(0, filled);
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw new FileReadError(path, errnoWords(e));
  } finally {
    await handle.close();
  }
}
