/**
 * What a hostile or careless client or file can do to the bundled server over stdio, one regression test
 * per failure of issue 10: unbounded diagnostics (F1), document text that is not a string (F2), hover
 * pictures of huge mazes (F3), unusable settings replaced in silence (F6), and requests after shutdown or
 * with malformed params (minor). Each test ends by checking that the server still answers.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeConfigurationNotification,
  ErrorCodes,
  HoverRequest,
  MessageType,
  ResponseError,
  ShutdownRequest,
  type Diagnostic,
  type Hover,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { LspHarness } from './harness';

const SUDOKU_4X4 = ['. 2 | . .', '. . | . 1', '----+----', '4 . | . .', '. . | 3 .', ''].join('\n');
const CLI = resolve(__dirname, '../../dist/cli.js');

/** The server answers a hover on a small sudoku it has just been given: it is alive and serving. */
async function assertServes(lsp: LspHarness, tag: string): Promise<void> {
  const uri = `file:///alive/${tag}.sudoku`;
  await lsp.open(uri, 'sudoku', SUDOKU_4X4);
  const diagnostics = await lsp.diagnosticsFor(uri, 1);
  assert.ok(Array.isArray(diagnostics));
  const hover = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
  assert.match((hover?.contents as MarkupContent).value, /row 1, column 1/);
  await lsp.close(uri);
  assert.equal(lsp.process.exitCode, null, `the server exited; stderr:\n${lsp.stderr.join('')}`);
}

function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function pngSize(dataUri: string): { width: number; height: number } {
  const png = Buffer.from(dataUri.replace(/^data:image\/png;base64,/, ''), 'base64');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function pictures(hover: Hover | null): Array<{ width: number; height: number }> {
  const text = (hover?.contents as MarkupContent | undefined)?.value ?? '';
  return [...text.matchAll(/\((data:image\/png;base64,[A-Za-z0-9+/=]+)\)/g)].map((m) => pngSize(m[1]!));
}

function mazeRows(rows: number, cols: number): string[] {
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const border = r === 0 || r === rows - 1;
    lines.push(border ? '#'.repeat(cols) : `#${' '.repeat(cols - 2)}#`);
  }
  lines[1] = `#S${' '.repeat(cols - 3)}#`;
  lines[rows - 2] = `#${' '.repeat(cols - 3)}G#`;
  return lines;
}

describe('the server survives what a file, a client or a setting can do', () => {
  let lsp: LspHarness;
  before(async () => {
    lsp = await LspHarness.start();
  });
  after(async () => {
    await lsp.stop();
  });

  describe('F1: diagnostics are capped and large files are refused in bounded work', () => {
    it('a 1000x1000 maze of the digit 1 gets at most a few hundred diagnostics, the last saying how many more', async () => {
      const uri = 'file:///f1/ones.maze';
      await lsp.open(uri, 'maze', `${'1'.repeat(1000)}\n`.repeat(1000));
      const diagnostics = await lsp.diagnosticsFor(uri, 1);
      assert.ok(diagnostics.length <= 201, `${diagnostics.length} diagnostics`);
      assert.ok(diagnostics.some((d) => d.code === 'maze/invalid-character' && /^"1" is not a maze cell/.test(messageOf(d))));
      const summary = diagnostics.find((d) => /… and 999,900 more characters that are not maze cells/.test(messageOf(d)));
      assert.ok(summary, diagnostics.map(messageOf).slice(-3).join('\n'));
      await lsp.close(uri);
      await assertServes(lsp, 'f1-ones');
    });

    it('7.8 MB of NUL characters in a .sudoku gets one diagnostic saying the file is too large', async () => {
      const uri = 'file:///f1/nul.sudoku';
      await lsp.open(uri, 'sudoku', '\0'.repeat(7_800_000));
      const diagnostics = await lsp.diagnosticsFor(uri, 1);
      assert.equal(diagnostics.length, 1);
      assert.equal(diagnostics[0]!.code, 'sudoku/too-large');
      assert.match(messageOf(diagnostics[0]!), /7\.8 million characters long, too large to read as a sudoku/);
      await lsp.close(uri);
      await assertServes(lsp, 'f1-nul');
    });

    it('a 3 MB .maze and a 10 MB ARC task are refused with one diagnostic each', async () => {
      const maze = 'file:///f1/big.maze';
      await lsp.open(maze, 'maze', `${'1'.repeat(999)}\n`.repeat(3000));
      assert.deepEqual((await lsp.diagnosticsFor(maze, 1)).map((d) => d.code), ['maze/too-large']);
      const arc = 'file:///f1/big.arc.json';
      await lsp.open(arc, 'arc-task', `{"train": [{"input": [[${'1,'.repeat(5_000_000)}1]]}], "test": []}`);
      assert.deepEqual((await lsp.diagnosticsFor(arc, 1)).map((d) => d.code), ['arc/too-large']);
      await lsp.close(maze);
      await lsp.close(arc);
      await assertServes(lsp, 'f1-big');
    });

    it('an ARC task of thousands of JSON syntax errors gets a capped list with a summary', async () => {
      const uri = 'file:///f1/syntax.arc.json';
      await lsp.open(uri, 'arc-task', `{"train": [${'x '.repeat(50_000)}], "test": []}`);
      const diagnostics = await lsp.diagnosticsFor(uri, 1);
      assert.ok(diagnostics.length <= 201, `${diagnostics.length} diagnostics`);
      assert.ok(diagnostics.some((d) => /more JSON syntax errors/.test(messageOf(d))));
      await lsp.close(uri);
      await assertServes(lsp, 'f1-syntax');
    });

    it('the CLI prints the first problems and a count of the rest: check on a 7 MB bad maze, solve on a 3 MB bad sudoku', () => {
      const dir = mkdtempSync(join(tmpdir(), 'trm-f1-'));
      try {
        const maze = join(dir, 'bad.maze');
        writeFileSync(maze, `${'1'.repeat(1000)}\n`.repeat(1000));
        const check = spawnSync(process.execPath, [CLI, 'check', maze], { encoding: 'utf8', timeout: 120_000 });
        assert.equal(check.error, undefined, String(check.error));
        assert.equal(check.status, 1);
        const lines = check.stdout.trimEnd().split('\n');
        assert.ok(lines.length <= 201, `${lines.length} lines`);
        assert.match(lines.at(-1)!, /… and 999,900 more characters that are not maze cells/);

        const huge = join(dir, 'huge.maze');
        writeFileSync(huge, `${'1'.repeat(999)}\n`.repeat(7000));
        const refused = spawnSync(process.execPath, [CLI, 'check', huge], { encoding: 'utf8', timeout: 120_000 });
        assert.equal(refused.status, 1);
        assert.match(refused.stdout, /too large to read as a maze .*\[maze\/too-large\]$/m);
        assert.equal(refused.stdout.trimEnd().split('\n').length, 1);

        const sudoku = join(dir, 'bad.sudoku');
        writeFileSync(sudoku, `${'x'.repeat(300)}\n`.repeat(300));
        const solve = spawnSync(process.execPath, [CLI, 'solve', '--exact', sudoku], { encoding: 'utf8', timeout: 120_000 });
        assert.equal(solve.error, undefined, String(solve.error));
        assert.equal(solve.status, 1);
        const errLines = solve.stderr.trimEnd().split('\n');
        assert.ok(errLines.length <= 203, `${errLines.length} stderr lines`);
        assert.match(solve.stderr, /cannot solve: the file has errors/);
        assert.match(solve.stderr, /… and 89,900 more characters that are not sudoku cells/);

        const bigSudoku = join(dir, 'big.sudoku');
        writeFileSync(bigSudoku, 'x'.repeat(3_000_000));
        const bigSolve = spawnSync(process.execPath, [CLI, 'solve', '--exact', bigSudoku], { encoding: 'utf8', timeout: 120_000 });
        assert.equal(bigSolve.status, 1);
        assert.match(bigSolve.stderr, /too large to read as a sudoku/);
        assert.ok(bigSolve.stderr.trimEnd().split('\n').length <= 3);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('F2: document text that is not a string never reaches the document store', () => {
    for (const [label, text] of [['null', null], ['a number', 42], ['an object', { evil: true }], ['an array', ['a']]] as const) {
      it(`a didOpen whose text is ${label} is ignored and the server carries on`, async () => {
        const uri = `file:///f2/open-${label.replace(' ', '-')}.sudoku`;
        await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'sudoku', version: 1, text } });
        await assertServes(lsp, `f2-open-${label.replace(' ', '-')}`);
        const hover = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
        assert.equal(hover, null, 'the malformed document was not stored');
      });
    }

    it('a didChange whose text is not a string is ignored: the document keeps its last good text', async () => {
      const uri = 'file:///f2/change.sudoku';
      await lsp.open(uri, 'sudoku', SUDOKU_4X4);
      await lsp.diagnosticsFor(uri, 1);
      for (const [version, change] of [
        [2, { text: null }],
        [3, { text: 7 }],
        [4, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: { x: 1 } }],
        [5, { range: 'everywhere', text: '1' }],
      ] as const) {
        await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      }
      await lsp.connection.sendNotification('textDocument/didOpen', null);
      await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 6 }, contentChanges: 'all' });
      await lsp.change(uri, 7, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: '1' }]);
      assert.deepEqual(await lsp.diagnosticsFor(uri, 7), []);
      const hover = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
      assert.match((hover?.contents as MarkupContent).value, /row 1, column 1/);
      await lsp.close(uri);
      await assertServes(lsp, 'f2-change');
    });
  });

  describe('F3: hover pictures of large mazes are bounded', () => {
    it('a 1000x1000 maze hovers with a picture of the 64x64 cells around the cursor, saying which', async () => {
      const uri = 'file:///f3/large.maze';
      await lsp.open(uri, 'maze', `${mazeRows(1000, 1000).join('\n')}\n`);
      await lsp.diagnosticsFor(uri, 1);
      const hover = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 500, character: 700 } });
      const text = (hover?.contents as MarkupContent).value;
      assert.match(text, /row 501, column 701/);
      assert.match(text, /picture: rows 469–532, columns 669–732 around the cursor/);
      const [picture] = pictures(hover);
      assert.ok(picture, 'expected a picture');
      assert.ok(picture.width === 64 * 4 + 1 && picture.height === 64 * 4 + 1, JSON.stringify(picture));
      await lsp.close(uri);
      await assertServes(lsp, 'f3-large');
    });

    it('a maze of 300,000 rows hovers without overflowing the stack', async () => {
      const uri = 'file:///f3/tall.maze';
      await lsp.open(uri, 'maze', `${mazeRows(300_000, 3).join('\n')}\n`);
      await lsp.diagnosticsFor(uri, 1);
      const hover = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 150_000, character: 1 } });
      assert.match((hover?.contents as MarkupContent).value, /row 150001, column 2/);
      assert.equal(pictures(hover).length, 1);
      await lsp.close(uri);
      await assertServes(lsp, 'f3-tall');
    });

    it('a 5000x5000 maze is refused with one diagnostic, and its hover is empty rather than seconds of work', async () => {
      const uri = 'file:///f3/huge.maze';
      await lsp.open(uri, 'maze', `${mazeRows(5000, 5000).join('\n')}\n`);
      assert.deepEqual((await lsp.diagnosticsFor(uri, 1)).map((d) => d.code), ['maze/too-large']);
      const hover = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2500, character: 2500 } });
      assert.equal(hover, null);
      await lsp.close(uri);
      await assertServes(lsp, 'f3-huge');
    });
  });

  describe('minor: the protocol lifecycle and params are checked', () => {
    it('a request with malformed params is answered InvalidParams (-32602), naming the field', async () => {
      for (const params of [
        { textDocument: { uri: 'file:///x.sudoku' }, position: { line: 'one', character: 0 } },
        { textDocument: null, position: { line: 0, character: 0 } },
        { textDocument: { uri: 'file:///x.sudoku' } },
        42,
      ]) {
        await assert.rejects(
          lsp.connection.sendRequest('textDocument/hover', params),
          (e: unknown) => e instanceof ResponseError && e.code === ErrorCodes.InvalidParams && /textDocument|position|params/.test(e.message),
        );
      }
      await assert.rejects(
        lsp.connection.sendRequest('workspace/executeCommand', { command: 7 }),
        (e: unknown) => e instanceof ResponseError && e.code === ErrorCodes.InvalidParams && /command must be a string/.test(e.message),
      );
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
      await assert.rejects(
        lsp.connection.sendRequest('textDocument/colorPresentation', { textDocument: { uri: 'file:///x.arc.json' }, range, color: { red: 'r' } }),
        (e: unknown) => e instanceof ResponseError && e.code === ErrorCodes.InvalidParams && /color must be/.test(e.message),
      );
      await assert.rejects(
        lsp.connection.sendRequest('trm/puzzleKind', { uri: 5 }),
        (e: unknown) => e instanceof ResponseError && e.code === ErrorCodes.InvalidParams && /uri must be a string/.test(e.message),
      );
      await assertServes(lsp, 'minor-params');
    });
  });
});

describe('F6: settings that cannot be used are reported once, naming the setting and the value used', () => {
  it('warns about trm.device "tpu-9000" and maxSupervisionSteps 100000 once each, and again only for a new bad value', async () => {
    const lsp = await LspHarness.start({ settings: { device: 'tpu-9000', maxSupervisionSteps: 100000 } });
    try {
      const warnings = () => lsp.messages.filter((m) => m.type === MessageType.Warning).map((m) => m.message);
      await lsp.waitFor('two settings warnings', () => (warnings().length >= 2 ? true : undefined));
      assert.ok(warnings().includes('TRM: the setting trm.device is "tpu-9000", which is not one of auto, cuda, webgpu, cpu; using "auto" instead.'), warnings().join('\n'));
      assert.ok(warnings().includes('TRM: the setting trm.maxSupervisionSteps is 100000, which is not an integer from 1 to 64; using 64 instead.'), warnings().join('\n'));

      // The same values read again (a configuration change, a hover) are not reported again.
      await lsp.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      await assertServes(lsp, 'f6-same');
      lsp.settings = { device: 'gpu', maxSupervisionSteps: 100000 };
      await lsp.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      await lsp.waitFor('the new warning', () => (warnings().length >= 3 ? true : undefined));
      await assertServes(lsp, 'f6-new');
      assert.deepEqual(warnings().slice(2), ['TRM: the setting trm.device is "gpu", which is not one of auto, cuda, webgpu, cpu; using "auto" instead.']);
    } finally {
      await lsp.stop();
    }
  });

  it('a client without configuration pull gets the same warning for initializationOptions.settings', async () => {
    const lsp = await LspHarness.start({ capabilities: {}, initializationOptions: { settings: { haltEarly: 'sometimes' } } });
    try {
      const message = await lsp.waitFor('the warning', () => lsp.messages.find((m) => m.type === MessageType.Warning));
      assert.equal(message.message, 'TRM: the setting trm.haltEarly is "sometimes", which is not true or false; using true instead.');
    } finally {
      await lsp.stop();
    }
  });
});

describe('minor: after shutdown', () => {
  it('requests are refused with InvalidRequest (-32600) and document notifications are ignored', async () => {
    const lsp = await LspHarness.start();
    try {
      const uri = 'file:///after/shutdown.sudoku';
      await lsp.open(uri, 'sudoku', SUDOKU_4X4);
      await lsp.diagnosticsFor(uri, 1);
      await lsp.connection.sendRequest(ShutdownRequest.type);
      await assert.rejects(
        lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } }),
        (e: unknown) => e instanceof ResponseError && e.code === ErrorCodes.InvalidRequest && /shutting down/.test(e.message),
      );
      await assert.rejects(
        lsp.connection.sendRequest('workspace/executeCommand', { command: 'trm.server.solve', arguments: [uri] }),
        (e: unknown) => e instanceof ResponseError && e.code === ErrorCodes.InvalidRequest,
      );
    } finally {
      await lsp.stop();
    }
    assert.equal(lsp.process.exitCode, 0, 'exit after shutdown ends the server with code 0');
  });
});
