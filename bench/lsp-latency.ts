/**
 * Diagnostics latency as a user feels it: from `textDocument/didChange` to the matching
 * `publishDiagnostics`, through the bundled server over stdio, for a 9x9 sudoku, a 60x60 maze and a 10-pair
 * ARC task. Two references measured in the same run: the protocol floor (the same round trip for a JSON file
 * that is not a puzzle), and the same edits while the model worker is busy solving a 30x30 maze over and
 * over — the ratio says whether model work ever stalls the LSP loop.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import { trmConfig } from '../server/src/trm/model/config';
import { LspHarness } from '../test/lsp/harness';
import { tempDir, writeFixtureModel } from '../test/trm/model-fixtures';

const ROOT = join(__dirname, '..');

export interface LatencyRow {
  name: string;
  idleMs: number;
  busyMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function arcTask(pairs: number, size: number): string {
  const grid = (seed: number) => JSON.stringify(Array.from({ length: size }, (_, r) => Array.from({ length: size }, (_, c) => (r * 7 + c * 3 + seed) % 10)));
  const pairsJson = Array.from({ length: pairs }, (_, i) => `    {"input": ${grid(i)}, "output": ${grid(i + 1)}}`).join(',\n');
  return `{\n  "train": [\n${pairsJson}\n  ],\n  "test": [{"input": ${grid(99)}}]\n}\n`;
}

interface Doc {
  name: string;
  uri: string;
  languageId: string;
  text: string;
  version: number;
}

/** Median latency of `edits` keystrokes: each replaces the first character and waits for its diagnostics. */
async function measure(lsp: LspHarness, doc: Doc, edits: number): Promise<number> {
  const samples: number[] = [];
  const first = doc.text[0]!;
  for (let i = 0; i < edits; i++) {
    doc.version++;
    const start = performance.now();
    await lsp.change(doc.uri, doc.version, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: first }]);
    await lsp.diagnosticsFor(doc.uri, doc.version);
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export async function benchLspLatency(edits = 40): Promise<LatencyRow[]> {
  const dir = tempDir('trm-bench-lsp-');
  const mazeModel = await writeFixtureModel(dir, 'busy-maze-30x30.onnx', {
    kind: 'maze',
    canvas: { rows: 30, cols: 30 },
    vocabulary: ['pad', '#', ' ', 'S', 'G', 'o'],
    config: trmConfig({ seqLen: 900, vocabSize: 6, hiddenSize: 128, numHeads: 4, expansion: 4, hCycles: 3, lCycles: 4 }),
    qHaltBias: -5,
  });
  const lsp = await LspHarness.start({ settings: { models: { maze: mazeModel }, maxSupervisionSteps: 4, haltEarly: false } });
  try {
    const docs: Doc[] = [
      { name: 'not a puzzle (protocol floor)', uri: 'file:///bench/plain.json', languageId: 'json', text: '{"name": "x"}\n', version: 1 },
      { name: 'sudoku 9x9', uri: 'file:///bench/easy.sudoku', languageId: 'sudoku', text: readFileSync(join(ROOT, 'examples/sudoku/easy-9x9.sudoku'), 'utf8'), version: 1 },
      { name: 'maze 60x60', uri: 'file:///bench/big.maze', languageId: 'maze', text: readFileSync(join(ROOT, 'test/fixtures/maze/60x60.maze'), 'utf8'), version: 1 },
      { name: 'ARC task, 10 pairs of 10x10', uri: 'file:///bench/task.arc.json', languageId: 'arc-task', text: arcTask(10, 10), version: 1 },
    ];
    for (const doc of docs) {
      await lsp.open(doc.uri, doc.languageId, doc.text, doc.version);
      await lsp.diagnosticsFor(doc.uri, doc.version);
    }
    const idle = new Map<string, number>();
    for (const doc of docs) idle.set(doc.name, await measure(lsp, doc, edits));

    // Keep the worker busy: the recursion command on a 30x30 maze runs 4 supervision steps each time.
    const busyUri = 'file:///bench/busy.maze';
    await lsp.open(busyUri, 'maze', readFileSync(join(ROOT, 'examples/maze/hard-30x30.maze'), 'utf8'), 1);
    let solving = true;
    let solves = 0;
    const busySince = performance.now();
    const background = (async () => {
      let version = 1;
      while (solving) {
        // A new version each time, so the answer cache never short-circuits the model.
        await lsp.change(busyUri, ++version, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: '#' }]);
        await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'trm.server.recursion', arguments: [busyUri] });
        solves++;
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    const rows: LatencyRow[] = [];
    for (const doc of docs) rows.push({ name: doc.name, idleMs: idle.get(doc.name)!, busyMs: await measure(lsp, doc, edits) });
    solving = false;
    await background;
    const elapsed = performance.now() - busySince;
    if (solves < 1) throw new Error('no background solve finished: the worker was not demonstrably busy');
    console.error(`(the worker finished ${solves} solves of a 30x30 maze in ${(elapsed / 1000).toFixed(1)} s while these edits were measured)`);
    return rows;
  } finally {
    await lsp.stop();
  }
}

if (require.main === module) {
  void benchLspLatency().then((rows) => {
    for (const r of rows) console.log(`${r.name.padEnd(32)} idle ${r.idleMs.toFixed(2)} ms   solving ${r.busyMs.toFixed(2)} ms   ratio ${(r.busyMs / r.idleMs).toFixed(2)}`);
  });
}
