/**
 * Temporaries left by a killed writer (`NAME.PID.RANDOM.tmp`) are removed by the next write of the same
 * file: those of a process that is gone, and those too old to belong to a live one; a live writer's
 * temporary and unrelated files stay.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { STALE_TEMP_AGE_MS, removeStaleTempFiles, writeFileAtomic } from '../../../server/src/util/atomic-file';

/** The PID of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('leftover temporaries of atomic writes', () => {
  it('are removed by the next write when their writer is gone or they are old; others stay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trm-atomic-'));
    const target = join(dir, 'model.ckpt');
    const dead = deadPid();
    const names = {
      deadWriter: `model.ckpt.${dead}.0badc0de.tmp`,
      deadWriterOtherFile: `model.onnx.${dead}.0badc0de.tmp`,
      liveWriter: `model.ckpt.${process.ppid}.12345678.tmp`,
      liveButOld: `model.ckpt.${process.ppid}.87654321.tmp`,
      notATemporary: `model.ckpt.notes.tmp`,
      anotherName: `other.ckpt.${dead}.0badc0de.tmp`,
    };
    for (const name of Object.values(names)) writeFileSync(join(dir, name), 'partial');
    const old = (Date.now() - STALE_TEMP_AGE_MS - 60_000) / 1000;
    utimesSync(join(dir, names.liveButOld), old, old);

    await writeFileAtomic(target, ['whole']);
    assert.equal(readFileSync(target, 'utf8'), 'whole');
    const left = readdirSync(dir).sort();
    assert.deepEqual(left, [names.anotherName, 'model.ckpt', names.liveWriter, names.notATemporary, names.deadWriterOtherFile].sort());

    // The other file's leftovers go when that file is cleaned.
    assert.deepEqual(await removeStaleTempFiles(join(dir, 'model.onnx')), [join(dir, names.deadWriterOtherFile)]);
    assert.ok(!existsSync(join(dir, names.deadWriterOtherFile)));
  });
});
