/**
 * Training checkpoints: everything needed to continue a run exactly where it stopped (weights, AdamW
 * moments, EMA, the carried states and the puzzles each batch slot is working on, the data position),
 * in one binary file: a magic line, a JSON header, the arrays, and last the SHA-256 of everything before
 * it. Written to a temporary file, flushed and renamed over the old one, so an interrupted write never
 * leaves a half checkpoint behind; a file that does not verify (damaged, edited, cut short) is refused.
 */
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../../util/atomic-file';
import { FileReadError, readRegularFile } from '../../util/bounded-file';

const MAGIC = 'TRMCKPT1\n';
/** The header's `integrity` field: the file ends with the SHA-256 of all bytes before those 32. */
const INTEGRITY = 'sha256-trailer';
const DIGEST_BYTES = 32;

export type Blob = Float32Array | Int32Array | Uint8Array;
export type BlobType = 'f32' | 'i32' | 'u8';

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

const alignedBytes = (type: BlobType, length: number) => Math.ceil((length * (type === 'u8' ? 1 : 4)) / 4) * 4;

/** An upper bound on the size of a checkpoint holding arrays of this layout (the header gets ample room). */
export function checkpointBytesBound(layout: ReadonlyMap<string, { type: BlobType; length: number }>): number {
  let data = 0;
  for (const { type, length } of layout.values()) data += alignedBytes(type, length);
  return MAGIC.length + 4 + 1024 * 1024 + 512 * layout.size + data + DIGEST_BYTES;
}

/** Writes `meta` (JSON) and the named arrays atomically to `path`, with the SHA-256 of all of it at the end. */
export async function writeCheckpoint(path: string, meta: unknown, blobs: ReadonlyMap<string, Blob>): Promise<void> {
  const entries: BlobEntry[] = [];
  let offset = 0;
  for (const [name, blob] of blobs) {
    entries.push({ name, type: blobType(blob), offset, length: blob.length });
    // Keep every array 4-byte aligned so it can be viewed in place on reading.
    offset += Math.ceil(blob.byteLength / 4) * 4;
  }
  const header = Buffer.from(JSON.stringify({ meta, blobs: entries, integrity: INTEGRITY }), 'utf8');
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
  const hash = createHash('sha256');
  for (const c of chunks) hash.update(c);
  chunks.push(hash.digest());
  await writeFileAtomic(path, chunks);
}

export interface ReadCheckpoint {
  meta: unknown;
  blobs: Map<string, Blob>;
}

/** Reads and verifies a checkpoint of at most `maxBytes` bytes (a regular file only). */
export async function readCheckpoint(path: string, maxBytes: number): Promise<ReadCheckpoint> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path, maxBytes);
  } catch (e) {
    if (e instanceof FileReadError) throw new CheckpointError(`cannot read checkpoint ${path}: ${e.why}`);
    throw e;
  }
  if (bytes.length < MAGIC.length + 4 || bytes.toString('ascii', 0, MAGIC.length) !== MAGIC) {
    throw new CheckpointError(`${path} is not a TRM checkpoint`);
  }
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const headerStart = MAGIC.length + 4;
  if (headerStart + headerLength > bytes.length) throw new CheckpointError(`${path} is truncated (header)`);
  let header: { meta?: unknown; blobs?: unknown; integrity?: unknown };
  try {
    header = JSON.parse(bytes.toString('utf8', headerStart, headerStart + headerLength)) as typeof header;
  } catch {
    throw new CheckpointError(`${path} has a corrupt header`);
  }
  if (typeof header !== 'object' || header === null || header.integrity !== INTEGRITY) {
    throw new CheckpointError(
      `${path} has no checksum (an older version of TRM Puzzles wrote it), so it cannot be verified: start the run afresh (remove it, or train into another --out)`,
    );
  }
  const bodyEnd = bytes.length - DIGEST_BYTES;
  const digest = createHash('sha256').update(bytes.subarray(0, Math.max(0, bodyEnd))).digest();
  if (bodyEnd < headerStart + headerLength || !digest.equals(bytes.subarray(bodyEnd))) {
    throw new CheckpointError(`${path} does not verify: its SHA-256 checksum does not match, so the file is damaged, cut short or was edited; resume from another checkpoint or start afresh`);
  }
  if (!Array.isArray(header.blobs)) throw new CheckpointError(`${path} has a corrupt header (no list of arrays)`);
  const dataStart = Math.ceil((headerStart + headerLength) / 4) * 4;
  // Typed views need 4-byte alignment: view the read buffer in place when it has it, else copy once.
  let data = new Uint8Array(bytes.buffer, bytes.byteOffset + dataStart, Math.max(0, bodyEnd - dataStart));
  if (data.byteOffset % 4 !== 0) data = data.slice();
  const blobs = new Map<string, Blob>();
  for (const e of header.blobs as BlobEntry[]) {
    const ok =
      typeof e === 'object' && e !== null && typeof e.name === 'string' && (e.type === 'f32' || e.type === 'i32' || e.type === 'u8') &&
      Number.isSafeInteger(e.offset) && Number.isSafeInteger(e.length) && e.offset >= 0 && e.length >= 0 && e.offset % 4 === 0;
    if (!ok) throw new CheckpointError(`${path} has a corrupt header (array ${JSON.stringify(e).slice(0, 80)})`);
    const width = e.type === 'u8' ? 1 : 4;
    if (e.offset + e.length * width > data.length) throw new CheckpointError(`${path} is truncated (${e.name})`);
    const view =
      e.type === 'f32' ? new Float32Array(data.buffer, data.byteOffset + e.offset, e.length)
      : e.type === 'i32' ? new Int32Array(data.buffer, data.byteOffset + e.offset, e.length)
      : new Uint8Array(data.buffer, data.byteOffset + e.offset, e.length);
    blobs.set(e.name, view.slice());
  }
  return { meta: header.meta, blobs };
}
