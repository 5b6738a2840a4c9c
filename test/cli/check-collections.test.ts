/** `trm check` as a user runs it on every puzzle of the public collections: silent, exit 0. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COLLECTIONS, collection } from '../unit/puzzles/sudoku-collections';

const ROOT = join(__dirname, '../..');

describe('trm check on public sudoku collections', () => {
  it('reports nothing on any of their puzzles', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trm-collections-'));
    try {
      const files = COLLECTIONS.flatMap((name) =>
        collection(name).map((line, i) => {
          const file = join(dir, `${name}-${i + 1}.sudoku`);
          writeFileSync(file, `${line}\n`);
          return file;
        }),
      );
      assert.ok(files.length >= 350);
      const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'check', ...files], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.stdout + r.stderr, '');
      assert.equal(r.status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
