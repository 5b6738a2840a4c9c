// Model files: a saved model loads back identical and runs as is; every broken file (missing, corrupt,
// truncated, foreign, misshaped, card missing or disagreeing) is refused with a message that says so.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkg from 'onnx-proto';
import { Graph, add, serializeGraph } from '../../server/src/trm/graph';
import { initWeights } from '../../server/src/trm/model/init';
import { buildSupervisionStepGraph } from '../../server/src/trm/model/inference-graph';
import type { ModelCardInput } from '../../server/src/trm/model/model-card';
import { MAX_CARD_BYTES } from '../../server/src/contract/model-card';
import { MAX_MODEL_BYTES, ModelFileError, loadModelFile, saveModel } from '../../server/src/trm/model/model-file';
import { METADATA } from '../../server/src/trm/model/model-format';
import { parameterCount } from '../../server/src/trm/model/parameters';
import { maxAbsDiff, runModel, values } from './ort-run';
import { randomInputs, randomWeights, smallConfig, stepFeeds } from './trm-fixtures';

const { onnx } = pkg;

const config = smallConfig({ seqLen: 16, posEncodings: 'rope', puzzleEmbLen: 1, puzzleEmbNdim: 16, numPuzzleIdentifiers: 2 });
const cardInput: ModelCardInput = {
  name: 'test-4x4',
  kind: 'sudoku',
  canvas: { rows: 4, cols: 4 },
  vocabulary: ['pad', 'blank', '1', '2', '3', '4', 'unused'],
  data: 'none: random weights for a test',
  training: { description: 'untrained', seed: 7 },
};

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trm-model-file-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejects(path: string, message: RegExp): Promise<void> {
  await assert.rejects(loadModelFile(path), (e: unknown) => {
    assert.ok(e instanceof ModelFileError, `expected a ModelFileError, got ${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
}

/** Saves a fresh copy of the good model under `name` and returns its path. */
async function savedCopy(name: string): Promise<string> {
  const path = join(dir, `${name}.onnx`);
  await saveModel(path, config, randomWeights(config, 3), cardInput);
  return path;
}

describe('saving and loading a model', () => {
  it('round-trips config, weights and card exactly, atomically', async () => {
    const weights = randomWeights(config, 3);
    const path = join(dir, 'good.onnx');
    const card = await saveModel(path, config, weights, cardInput);
    assert.equal(card.parameterCount, parameterCount(config));
    assert.equal('config' in card, false, 'the config lives in the .onnx file alone');
    const loaded = await loadModelFile(path);
    assert.deepEqual(loaded.config, config);
    assert.deepEqual(loaded.card, card);
    assert.equal(loaded.cardPath, join(dir, 'good.card.json'));
    assert.deepEqual([...loaded.weights.keys()], [...weights.keys()]);
    for (const [name, w] of weights) assert.deepEqual(loaded.weights.get(name), w, name);
    assert.deepEqual((await readdir(dir)).filter((f) => f.startsWith('good')).sort(), ['good.card.json', 'good.onnx']);
  });

  it('saves a file that runs as is and agrees with a graph rebuilt from the loaded weights', async () => {
    const loaded = await loadModelFile(join(dir, 'good.onnx'));
    const feeds = stepFeeds(config, randomInputs(config, 2, 5, [true, false]));
    const fromFile = await runModel(loaded.bytes, feeds);
    const rebuilt = await runModel(serializeGraph(buildSupervisionStepGraph(loaded.config, loaded.weights)), feeds);
    assert.equal(maxAbsDiff(values(fromFile['logits']), values(rebuilt['logits'])), 0);
    assert.deepEqual(fromFile['cycle_answers']?.dims, [2, config.hCycles, config.seqLen]);
  });

  it('refuses a card that does not fit the config when saving', async () => {
    await assert.rejects(
      saveModel(join(dir, 'bad.onnx'), config, initWeights(config, 0), { ...cardInput, canvas: { rows: 3, cols: 3 } }),
      /canvas 3x3 does not have seqLen 16 cells/,
    );
    assert.deepEqual((await readdir(dir)).filter((f) => f.startsWith('bad')), []);
  });
});

describe('loading a broken model explains what is wrong', () => {
  it('a missing file', () => rejects(join(dir, 'absent.onnx'), /cannot read model file .*absent\.onnx: not found/));

  it('a named pipe (FIFO), without waiting for a writer', async () => {
    const fifo = join(dir, 'fifo.onnx');
    execFileSync('mkfifo', [fifo]);
    await rejects(fifo, /cannot read model file .*fifo\.onnx: is a named pipe \(FIFO\), not a regular file/);
  });

  it('a device such as /dev/zero, which never ends', () => rejects('/dev/zero', /cannot read model file \/dev\/zero: is a device, not a regular file/));

  it('a directory', async () => {
    await mkdir(join(dir, 'folder.onnx'));
    await rejects(join(dir, 'folder.onnx'), /cannot read model file .*folder\.onnx: is a directory/);
  });

  it('a file larger than the limit (sparse: it claims 1 GB it does not hold), refused before it is read', async () => {
    const big = join(dir, 'huge.onnx');
    execFileSync('truncate', ['-s', '1G', big]);
    const rssBefore = process.memoryUsage().rss;
    await rejects(big, /cannot read model file .*huge\.onnx: 1024 MB is larger than the 512 MB this file may have/);
    assert.ok(process.memoryUsage().rss - rssBefore < MAX_MODEL_BYTES / 4, 'nothing of the file was read into memory');
  });

  it('a card that is a named pipe, or larger than a card may be', async () => {
    const path = join(dir, 'fifo-card.onnx');
    await saveModel(path, config, randomWeights(config, 1), cardInput);
    await rm(join(dir, 'fifo-card.card.json'));
    execFileSync('mkfifo', [join(dir, 'fifo-card.card.json')]);
    await rejects(path, /cannot read model card .*fifo-card\.card\.json: is a named pipe/);
    await rm(join(dir, 'fifo-card.card.json'));
    execFileSync('truncate', ['-s', `${MAX_CARD_BYTES + 1}`, join(dir, 'fifo-card.card.json')]);
    await rejects(path, /cannot read model card .*fifo-card\.card\.json: 16\.0 MB is larger than the 16 MB this file may have/);
  });

  it('an empty file', async () => {
    const path = join(dir, 'empty.onnx');
    await writeFile(path, new Uint8Array());
    await rejects(path, /cannot load model .*empty\.onnx: the file is empty/);
  });

  it('random bytes', async () => {
    const path = join(dir, 'random.onnx');
    await writeFile(path, Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24));
    await rejects(path, /cannot load model .*random\.onnx: the file is truncated or corrupt \(cannot decode the ONNX protobuf/);
  });

  it('a file cut in half', async () => {
    const path = await savedCopy('truncated');
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length >> 1));
    await rejects(path, /truncated\.onnx: the file is truncated or corrupt/);
  });

  it('an ONNX model that is not ours (no config metadata)', async () => {
    const g = new Graph();
    g.output('y', add(g.input('x', 'float32', [1]), 1));
    const path = join(dir, 'foreign.onnx');
    await writeFile(path, serializeGraph(g));
    await rejects(path, /foreign\.onnx: not a TRM Puzzles model: the ONNX metadata has no trm\.format\/trm\.config entry \(produced by 'trm-puzzles'\)/);
  });

  it('a model of an unknown format version', async () => {
    const path = await savedCopy('future');
    await rewriteMetadata(path, (m) => m.set(METADATA.format, 'trm-puzzles/supervision-step/99'));
    await rejects(path, /unsupported model format 'trm-puzzles\/supervision-step\/99'/);
  });

  it('a config that is not valid', async () => {
    const path = await savedCopy('badconfig');
    await rewriteMetadata(path, (m) => m.set(METADATA.config, JSON.stringify({ ...config, numHeads: 5 })));
    await rejects(path, /the model's config is unreadable: invalid TRM config: hiddenSize 32 is not divisible by numHeads 5/);
  });

  it('weights that do not have the shapes of the config', async () => {
    const path = await savedCopy('misshaped');
    await rewriteMetadata(path, (m) => m.set(METADATA.config, JSON.stringify({ ...config, vocabSize: 9 })));
    await rejects(path, /weights do not match .*embed_tokens\.embedding_weight has shape \[7, 32\], the config needs \[9, 32\]/);
  });

  it('a weight that is missing', async () => {
    const path = await savedCopy('missing-weight');
    const model = onnx.ModelProto.decode(await readFile(path));
    const graph = model.graph;
    assert.ok(graph);
    graph.initializer = (graph.initializer ?? []).filter((t) => t.name !== 'L_init');
    await writeFile(path, onnx.ModelProto.encode(model).finish());
    await rejects(path, /missing weight L_init/);
  });

  it('a missing card', async () => {
    const path = await savedCopy('nocard');
    await rm(join(dir, 'nocard.card.json'));
    await rejects(path, /cannot read model card .*nocard\.card\.json: not found/);
  });

  it('a card that is not JSON', async () => {
    const path = await savedCopy('textcard');
    await writeFile(join(dir, 'textcard.card.json'), 'model: sudoku');
    await rejects(path, /cannot read model card .*textcard\.card\.json: not valid JSON/);
  });

  it('a card with missing fields', async () => {
    const path = await savedCopy('thincard');
    await writeFile(join(dir, 'thincard.card.json'), JSON.stringify({ format: 'trm-puzzles/model-card/1', name: 'x' }));
    await rejects(path, /the model card is missing or mistypes: kind .*canvas/);
  });

  it('a card whose vocabulary or board does not fit the model', async () => {
    const path = await savedCopy('othercard');
    const cardPath = join(dir, 'othercard.card.json');
    const card = JSON.parse(await readFile(cardPath, 'utf8')) as { vocabulary: string[]; canvas: { rows: number; cols: number } };
    card.vocabulary.push('extra');
    card.canvas.rows += 1;
    await writeFile(cardPath, JSON.stringify(card));
    await rejects(path, /model card .*othercard\.card\.json does not match model .*: canvas \d+x\d+ does not have seqLen \d+ cells; vocabulary lists \d+ tokens, the model has \d+/);
  });

  it("an old card's copy of the config is never read: the .onnx file's config is the one", async () => {
    const path = await savedCopy('legacycard');
    const cardPath = join(dir, 'legacycard.card.json');
    const card = JSON.parse(await readFile(cardPath, 'utf8')) as Record<string, unknown>;
    await writeFile(cardPath, JSON.stringify({ ...card, config: { ...config, hCycles: config.hCycles + 1, hiddenSize: 'not even a number' } }));
    const loaded = await loadModelFile(path);
    assert.deepEqual(loaded.config, config);
    assert.equal('config' in loaded.card, false);
  });
});

async function rewriteMetadata(path: string, edit: (m: Map<string, string>) => void): Promise<void> {
  const model = onnx.ModelProto.decode(await readFile(path));
  const m = new Map(model.metadataProps.map((p) => [p.key ?? '', p.value ?? '']));
  edit(m);
  model.metadataProps = [...m].map(([key, value]) => ({ key, value }));
  await writeFile(path, onnx.ModelProto.encode(model).finish());
}
