/**
 * Reading a reference dataset folder from disk (layout.ts describes it). Index arrays are read whole;
 * inputs and labels stay in their files and are read row by row, since the reference ARC training arrays
 * run to gigabytes. The file handles stay open until `close`.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { decodeNpyValues, NPY_PREAMBLE_BYTES, npyHeaderEnd, parseNpyHeader, readNpy, type NpyHeader } from './npy';
import {
  checkReferenceSet,
  parseReferenceMetadata,
  referenceFileName,
  ReferenceDatasetError,
  type ReferenceSet,
  type ReferenceSplit,
  type RowSource,
} from './layout';

export interface LoadedSplit extends ReferenceSplit {
  /** Closes the inputs/labels files. */
  close(): void;
}

/** `<dir>/<split>/dataset.json` and its sets' arrays. */
export function loadReferenceSplit(dir: string, split: string): LoadedSplit {
  const base = join(dir, split);
  const metaPath = join(base, 'dataset.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(metaPath, 'utf8')) as unknown;
  } catch (e) {
    throw new ReferenceDatasetError(`cannot read ${metaPath}: ${(e as Error).message}`);
  }
  const metadata = parseReferenceMetadata(json, metaPath);
  const handles: number[] = [];
  const sets = new Map<string, ReferenceSet>();
  try {
    for (const name of metadata.sets) {
      const whole = (field: 'puzzle_identifiers' | 'puzzle_indices' | 'group_indices'): Int32Array =>
        readNpy(readFile(join(base, referenceFileName(name, field)))).data;
      const rows = (field: 'inputs' | 'labels'): RowSource => {
        const rs = fileRows(join(base, referenceFileName(name, field)));
        handles.push(rs.fd);
        return rs;
      };
      const set: ReferenceSet = {
        inputs: rows('inputs'),
        labels: rows('labels'),
        puzzleIdentifiers: whole('puzzle_identifiers'),
        puzzleIndices: whole('puzzle_indices'),
        groupIndices: whole('group_indices'),
      };
      checkReferenceSet(set, metadata, `${base} set ${name}`);
      sets.set(name, set);
    }
  } catch (e) {
    for (const fd of handles) closeSync(fd);
    throw e;
  }
  return {
    metadata,
    sets,
    close() {
      for (const fd of handles.splice(0)) closeSync(fd);
    },
  };
}

function readFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new ReferenceDatasetError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/** A 2-D .npy array read one row at a time. */
function fileRows(path: string): RowSource & { fd: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new ReferenceDatasetError(`cannot open ${path}: ${(e as Error).message}`);
  }
  try {
    const header = readHeader(fd, path);
    if (header.shape.length !== 2) throw new ReferenceDatasetError(`${path}: expected a 2-D array, got shape (${header.shape.join(', ')})`);
    const [rows, rowLength] = header.shape as [number, number];
    const rowBytes = rowLength * header.dtype.bytes;
    const raw = new Uint8Array(rowBytes);
    return {
      fd,
      rows,
      rowLength,
      read(row, out) {
        if (row < 0 || row >= rows) throw new RangeError(`row ${row} outside 0..${rows - 1} of ${path}`);
        const got = readSync(fd, raw, 0, rowBytes, header.dataOffset + row * rowBytes);
        if (got !== rowBytes) throw new ReferenceDatasetError(`${path} is truncated at row ${row}`);
        decodeNpyValues(raw, header.dtype, out, 0);
      },
    };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

function readHeader(fd: number, path: string): NpyHeader {
  const prefix = new Uint8Array(NPY_PREAMBLE_BYTES);
  readSync(fd, prefix, 0, prefix.length, 0);
  const end = npyHeaderEnd(prefix);
  const bytes = new Uint8Array(end);
  if (readSync(fd, bytes, 0, end, 0) !== end) throw new ReferenceDatasetError(`${path}: truncated .npy header`);
  return parseNpyHeader(bytes);
}
