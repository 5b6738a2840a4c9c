/**
 * The folder a training run writes into, created one level at a time. Node's `mkdir -p` retries forever
 * where a parent exists but refuses children with ENOENT (/proc/self/x), so every missing level is made
 * with a plain mkdir and any refusal is reported with the level that failed.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export class OutputFolderError extends Error {
  override name = 'OutputFolderError';
}

function words(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EROFS' ? 'the file system is read-only'
    : code === 'ENOENT' ? 'the file system does not allow creating it there'
    : code === 'ENOTDIR' ? 'a level above it is not a folder'
    : (e as Error).message;
}

export function makeOutputFolder(dir: string): void {
  const missing: string[] = [];
  for (let level = resolve(dir); ; ) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(level).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // ENOTDIR: a level above is a file, which the walk up then reports.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new OutputFolderError(`cannot use ${dir} as the output folder: ${level}: ${words(e)}`);
      missing.push(level);
      const parent = dirname(level);
      if (parent === level) throw new OutputFolderError(`cannot use ${dir} as the output folder: the root ${level} is not there`);
      level = parent;
      continue;
    }
    if (!isDirectory) throw new OutputFolderError(`cannot use ${dir} as the output folder: ${level} is a file, not a folder`);
    break;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (e) {
      // Another process may have made it meanwhile.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(level).isDirectory()) continue;
      throw new OutputFolderError(`cannot create the output folder ${dir}: ${level}: ${words(e)}`);
    }
  }
}
