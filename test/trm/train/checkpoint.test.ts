/**
 * Checkpoints are verified before a run resumes from them: damaged or edited bytes, a cut file, an old
 * file without a checksum, a header that lies about the run, a FIFO or a giant are each refused with one
 * clear line, and the run's files are left as they were.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { CheckpointError, readCheckpoint, writeCheckpoint, type Blob } from '../../../server/src/trm/train/checkpoint';
import { train } from '../../../server/src/trm/train/run';
import { Rng } from '../../../server/src/puzzles/common/random';
import { tempDir } from '../model-fixtures';
import { quiet, tinyRun } from './tiny-run';

describe('a checkpoint', () => {
  let good: string;
  let meta: Record<string, unknown>;
  let blobs: Map<string, Blob>;
  before(async () => {
    const dir = tempDir('trm-ckpt-good-');
    let steps = 0;
    const run = await train(tinyRun(dir), { ...quiet, progress: () => void steps++, stopRequested: () => steps >= 5 });
    assert.equal(run.status, 'interrupted');
    good = run.checkpointPath;
    const read = await readCheckpoint(good, 1 << 30);
    meta = read.meta as Record<string, unknown>;
    blobs = read.blobs;
  });

  /** A fresh run folder holding the good checkpoint changed by `change`, and what resuming there says. */
  async function resumeAfter(change: (path: string) => void | Promise<void>): Promise<unknown> {
    const dir = tempDir('trm-ckpt-bad-');
    const path = join(dir, 'model.ckpt');
    copyFileSync(good, path);
    await change(path);
    const before = statSync(path);
    try {
      await train(tinyRun(dir, { resume: true }), quiet);
    } catch (e) {
      const after = statSync(path);
      assert.deepEqual([after.size, after.mtimeMs], [before.size, before.mtimeMs], 'the refused checkpoint is left as it was');
      return e;
    }
    return assert.fail('resumed from a checkpoint that should have been refused');
  }

  const refusedWith = (e: unknown, message: RegExp) => {
    assert.ok(e instanceof CheckpointError, `expected a CheckpointError, got ${String(e)}`);
    assert.match(e.message, message);
    assert.doesNotMatch(e.message, /\n/, 'one line');
  };

  it('round-trips its meta and arrays exactly', async () => {
    const dir = tempDir('trm-ckpt-rt-');
    const arrays = new Map<string, Blob>([
      ['f', Float32Array.from([1.5, -2, 3e-8])],
      ['i', Int32Array.from([7, -9])],
      ['u', Uint8Array.from([1, 0, 1])],
    ]);
    await writeCheckpoint(join(dir, 'x.ckpt'), { step: 3 }, arrays);
    const read = await readCheckpoint(join(dir, 'x.ckpt'), 1 << 20);
    assert.deepEqual(read.meta, { step: 3 });
    assert.deepEqual([...read.blobs], [...arrays]);
  });

  it('with 1,000 flipped bytes in its weights is refused', async () => {
    const e = await resumeAfter((path) => {
      const bytes = readFileSync(path);
      const rng = new Rng(1, 'flips');
      // Past the header: the arrays (weights first).
      const start = Math.ceil((13 + bytes.readUInt32LE(9)) / 4) * 4;
      for (let i = 0; i < 1000; i++) {
        const at = start + rng.int(bytes.length - 32 - start);
        bytes[at] = bytes[at]! ^ 0xff;
      }
      writeFileSync(path, bytes);
    });
    refusedWith(e, /model\.ckpt does not verify: its SHA-256 checksum does not match/);
  });

  it('whose step was edited in place is refused', async () => {
    const e = await resumeAfter((path) => {
      const bytes = readFileSync(path);
      const text = bytes.toString('latin1');
      const at = text.indexOf('"step":5');
      assert.ok(at > 0);
      // Same length, so the layout still reads: only the checksum can tell.
      bytes.write('"step":7', at, 'latin1');
      writeFileSync(path, bytes);
    });
    refusedWith(e, /does not verify/);
  });

  it('cut short is refused', async () => {
    const e = await resumeAfter((path) => writeFileSync(path, readFileSync(path).subarray(0, 5000)));
    refusedWith(e, /does not verify|truncated/);
  });

  it('written by the older format without a checksum is refused with the reason', async () => {
    const e = await resumeAfter((path) => {
      // The old layout: the same header without `integrity`, no digest at the end.
      const bytes = readFileSync(path);
      const length = bytes.readUInt32LE(9);
      const header = JSON.parse(bytes.toString('utf8', 13, 13 + length)) as Record<string, unknown>;
      delete header.integrity;
      const text = Buffer.from(JSON.stringify(header));
      const lead = Buffer.alloc(13);
      lead.write('TRMCKPT1\n', 0, 'ascii');
      lead.writeUInt32LE(text.length, 9);
      const pad = Buffer.alloc((4 - ((13 + text.length) % 4)) % 4);
      const dataStart = Math.ceil((13 + length) / 4) * 4;
      writeFileSync(path, Buffer.concat([lead, text, pad, bytes.subarray(dataStart, bytes.length - 32)]));
    });
    refusedWith(e, /has no checksum \(an older version of TRM Puzzles wrote it\), so it cannot be verified: start the run afresh/);
  });

  // Files that verify (written through writeCheckpoint) but do not describe this run.
  const rewritten = (newMeta: unknown, newBlobs = blobs) => (path: string) => writeCheckpoint(path, newMeta, newBlobs);

  it('whose meta is null is refused, not a TypeError', async () => {
    refusedWith(await resumeAfter(rewritten(null)), /has no run description \(its meta is null\)/);
  });

  it('that claims a step past the end of the run is refused', async () => {
    refusedWith(await resumeAfter(rewritten({ ...meta, step: 1_000_000 })), /step 1000000 is not a step of this 8-step run/);
    refusedWith(await resumeAfter(rewritten({ ...meta, step: -1 })), /step -1 is not a step/);
    refusedWith(await resumeAfter(rewritten({ ...meta, dataPosition: 'x' })), /data position "x"/);
    refusedWith(await resumeAfter(rewritten({ ...meta, elapsedSeconds: null })), /elapsed time null/);
  });

  it('that lacks an array, or holds one of the wrong size, is refused', async () => {
    const missing = new Map(blobs);
    missing.delete('carry/y');
    refusedWith(await resumeAfter(rewritten(meta, missing)), /lacks the array carry\/y/);
    const short = new Map(blobs);
    short.set('slots/steps', new Int32Array(3));
    refusedWith(await resumeAfter(rewritten(meta, short)), /array slots\/steps is i32\[3\], this run needs i32\[8\]/);
  });

  it('that is a FIFO is refused at once instead of waited on', async () => {
    const e = await resumeAfter((path) => {
      rmSync(path);
      execFileSync('mkfifo', [path]);
    });
    refusedWith(e, /cannot read checkpoint .*model\.ckpt: is a named pipe \(FIFO\), not a regular file/);
  });

  it('far larger than any checkpoint of this run is refused before it is read', async () => {
    const e = await resumeAfter((path) => {
      rmSync(path);
      execFileSync('truncate', ['-s', '1G', path]);
    });
    refusedWith(e, /cannot read checkpoint .*model\.ckpt: 1024 MB is larger than the \d+(\.\d)? MB this file may have/);
  });
});
