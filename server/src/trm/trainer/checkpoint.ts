/**
 * Training checkpoints: everything needed to continue a run exactly where it stopped (weights, AdamW
 * moments, EMA, the carried states and the puzzles each batch slot is working on, the data position),
 * in one binary file: a magic line, a JSON header, then the arrays. Written to a temporary file, flushed
 * and renamed over the old one, so an interrupted write never leaves a half checkpoint behind.
 */
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../../util/atomicFile';

const MAGIC = 'TRMCKPT1\n';

type Blob = Float32Array | Int32Array | Uint8Array;
type BlobType = 'f32' | 'i32' | 'u8';

interface BlobEntry {
  name: string;
  type: BlobType;
  offset: number;
  length: number;
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

function blobType(b: Blob): BlobType {
  return b instanceof Float32Array ? 'f32' : b instanceof Int32Array ? 'i32' : 'u8';
}

/** Writes `meta` (JSON) and the named arrays atomically to `path`. */
export async function writeCheckpoint(path: string, meta: unknown, blobs: ReadonlyMap<string, Blob>): Promise<void> {
  const entries: BlobEntry[] = [];
  let offset = 0;
  for (const [name, blob] of blobs) {
    entries.push({ name, type: blobType(blob), offset, length: blob.length });
    // Keep every array 4-byte aligned so it can be viewed in place on reading.
    offset += Math.ceil(blob.byteLength / 4) * 4;
  }
  const header = Buffer.from(JSON.stringify({ meta, blobs: entries }), 'utf8');
  const lead = Buffer.alloc(MAGIC.length + 4);
  lead.write(MAGIC, 0, 'ascii');
  lead.writeUInt32LE(header.length, MAGIC.length);
  const headerPad = Buffer.alloc((4 - ((lead.length + header.length) % 4)) % 4);
  const chunks: Uint8Array[] = [lead, header, headerPad];
  for (const blob of blobs.values()) {
    chunks.push(new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength));
    const pad = (4 - (blob.byteLength % 4)) % 4;
    if (pad) chunks.push(new Uint8Array(pad));
  }
  await writeFileAtomic(path, chunks);
}

export interface ReadCheckpoint {
  meta: unknown;
  blobs: Map<string, Blob>;
}

export async function readCheckpoint(path: string): Promise<ReadCheckpoint> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (e) {
    throw new CheckpointError(`cannot read checkpoint ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (bytes.length < MAGIC.length + 4 || bytes.toString('ascii', 0, MAGIC.length) !== MAGIC) {
    throw new CheckpointError(`${path} is not a TRM checkpoint`);
  }
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const headerStart = MAGIC.length + 4;
  if (headerStart + headerLength > bytes.length) throw new CheckpointError(`${path} is truncated (header)`);
  let header: { meta: unknown; blobs: BlobEntry[] };
  try {
    header = JSON.parse(bytes.toString('utf8', headerStart, headerStart + headerLength)) as typeof header;
  } catch {
    throw new CheckpointError(`${path} has a corrupt header`);
  }
  const dataStart = Math.ceil((headerStart + headerLength) / 4) * 4;
  // Copy into an aligned buffer: Buffer slices of a file read need not be 4-byte aligned.
  const data = new Uint8Array(bytes.length - dataStart);
  data.set(bytes.subarray(dataStart));
  const blobs = new Map<string, Blob>();
  for (const e of header.blobs) {
    const width = e.type === 'u8' ? 1 : 4;
    if (e.offset + e.length * width > data.length) throw new CheckpointError(`${path} is truncated (${e.name})`);
    const view =
      e.type === 'f32' ? new Float32Array(data.buffer, e.offset, e.length)
      : e.type === 'i32' ? new Int32Array(data.buffer, e.offset, e.length)
      : new Uint8Array(data.buffer, e.offset, e.length);
    blobs.set(e.name, view.slice());
  }
  return { meta: header.meta, blobs };
}
