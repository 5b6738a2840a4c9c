/**
 * Reads a .vsix (a zip) with yauzl, a reader that shares no code with scripts/vsix/zip.mjs (the packaging
 * script's own lister): its entries, and the bytes of the ones a test looks into.
 */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

export interface Vsix {
  names: string[];
  /** Uncompressed size of each entry. */
  sizes: Map<string, number>;
  /** The entry's bytes, at most `limit` of them from its start. */
  read(name: string, limit?: number): Promise<Buffer>;
  close(): void;
}

async function collect(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length >= limit) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, limit);
}

export async function openVsix(file: string): Promise<Vsix> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return {
    names: [...entries.keys()],
    sizes: new Map([...entries].map(([name, entry]) => [name, entry.uncompressedSize])),
    async read(name, limit = Number.POSITIVE_INFINITY) {
      const entry = entries.get(name);
      if (!entry) throw new Error(`${file} has no ${name}`);
      return collect(await zip.openReadStreamPromise(entry), limit);
    },
    close: () => zip.close(),
  };
}
