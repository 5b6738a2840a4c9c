/**
 * `trm train` as a user stops it: SIGTERM (a task being ended, `kill`), SIGINT (Ctrl+C) and SIGHUP (its
 * terminal closing) each write a checkpoint and exit 130, and `--resume` continues from it; leftovers of a
 * killed write are cleaned at the next run; an output folder that cannot be made is one clear line, not a
 * hang.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../trm/model-fixtures';

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
const RUN = ['train', '--kind', 'sudoku', '--preset', 'tiny', '--size', '4', '--steps', '100000', '--batch', '8', '--hidden', '32', '--threads', '1'];

interface Stopped {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts a run, waits until its output matches `ready`, sends `signal`, and waits for it to end. */
function runUntil(args: string[], ready: RegExp, signal: NodeJS.Signals): Promise<Stopped> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the run did not stop; stdout:\n${stdout}\nstderr:\n${stderr}`));
    }, 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!sent && ready.test(stdout)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('stopping trm train', () => {
  it('checkpoints and exits 130 on SIGTERM, SIGINT and SIGHUP, and --resume continues where it stopped', async () => {
    const out = tempDir('trm-train-signal-');
    // What a run killed mid-write leaves behind.
    const leftovers = [`model.ckpt.${deadPid()}.0badc0de.tmp`, `model.onnx.${deadPid()}.0badc0de.tmp`];
    for (const name of leftovers) writeFileSync(join(out, name), 'half a file');

    const first = await runUntil([...RUN, '--out', out], /^step \d+\/100000/m, 'SIGTERM');
    assert.equal(first.code, 130, first.stderr);
    const stoppedAt = Number(/interrupted at step (\d+); checkpoint written to .*model\.ckpt/.exec(first.stdout)?.[1]);
    assert.ok(stoppedAt >= 1, first.stdout);
    assert.ok(existsSync(join(out, 'model.ckpt')));
    for (const name of leftovers) assert.match(first.stdout, new RegExp(`removed .*${name.replace(/\./g, '\\.')}, left by an interrupted write`));
    assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.tmp')), [], 'no temporary is left');

    const second = await runUntil([...RUN, '--out', out, '--resume'], /^step \d+\/100000/m, 'SIGINT');
    assert.equal(second.code, 130, second.stderr);
    assert.match(second.stdout, new RegExp(`resumed from .*model\\.ckpt at step ${stoppedAt}\\b`));
    const secondStop = Number(/interrupted at step (\d+)/.exec(second.stdout)?.[1]);
    assert.ok(secondStop > stoppedAt, `continued past step ${stoppedAt}: ${second.stdout}`);

    // The terminal of a VS Code task closing sends SIGHUP: the same.
    const third = await runUntil([...RUN, '--out', out, '--resume'], /^step \d+\/100000/m, 'SIGHUP');
    assert.equal(third.code, 130, third.stderr);
    assert.match(third.stdout, new RegExp(`resumed from .*model\\.ckpt at step ${secondStop}\\b`));
    assert.ok(!existsSync(join(out, 'model.onnx')), 'an interrupted run exports no model');
  });
});

describe('trm train (and generate) --out a folder that cannot be made', () => {
  for (const [out, why] of [
    ['/proc/self/x', /cannot create the output folder \/proc\/self\/x: \/proc\/self\/x: the file system does not allow creating it there/],
    ['/proc/self/x/y/z', /cannot create the output folder \/proc\/self\/x\/y\/z: \/proc\/self\/x: the file system does not allow creating it there/],
  ] as const) {
    it(`says so for ${out} in one line, at once`, () => {
      const r = spawnSync(process.execPath, [CLI, 'train', '--kind', 'sudoku', '--preset', 'tiny', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.signal, null, 'it did not hang');
      assert.equal(r.status, 1);
      assert.match(r.stderr, why);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    });
  }

  it('is one clear line for trm generate too', () => {
    const r = spawnSync(process.execPath, [CLI, 'generate', '--kind', 'sudoku', '--count', '1', '--out', '/proc/self/x'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.signal, null, 'it did not hang');
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'trm generate: cannot create the output folder /proc/self/x: /proc/self/x: the file system does not allow creating it there\n');
  });

  it('says so when a level of the path is a file', () => {
    const file = join(tempDir('trm-train-outfile-'), 'a-file');
    writeFileSync(file, '');
    const r = spawnSync(process.execPath, [CLI, 'train', '--kind', 'sudoku', '--preset', 'tiny', '--out', join(file, 'run')], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot use .*a-file\/run as the output folder: .*a-file is a file, not a folder/);
  });
});
