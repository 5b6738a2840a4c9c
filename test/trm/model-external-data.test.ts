/**
 * A model file that points ONNX Runtime at data in other files is refused wherever in the graph the
 * pointer hides: ONNX Runtime resolves such paths against the working folder of the process that loads
 * model bytes, so one crafted .onnx could make the server read files there.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { constants, promises as fs, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pkg from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { ModelFileError, loadModelFile } from '../../server/src/trm/model/model-file';
import { ModelWorkerClient } from '../../server/src/trm/runtime/worker-client';
import { tempDir, writeFixtureModel } from './model-fixtures';

const { onnx } = pkg;
const WORKER = join(__dirname, '../../dist/trm-worker.js');
const FLOAT = onnx.TensorProto.DataType.FLOAT;

function externalTensor(location: string, name = 'stolen', viaLocationOnly = false): OnnxTypes.ITensorProto {
  return {
    name,
    dims: [4],
    dataType: FLOAT,
    ...(viaLocationOnly ? {} : { dataLocation: onnx.TensorProto.DataLocation.EXTERNAL }),
    externalData: [{ key: 'location', value: location }],
  };
}

function constantNode(attribute: OnnxTypes.IAttributeProto, output = 'stolen_out'): OnnxTypes.INodeProto {
  return { opType: 'Constant', name: 'innocent_constant', output: [output], attribute: [attribute] };
}

const valueAttr = (location: string): OnnxTypes.IAttributeProto => ({ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: externalTensor(location) });

const graphOf = (m: OnnxTypes.ModelProto) => m.graph as OnnxTypes.GraphProto;

/** Every place a tensor can sit, each holding one that points at `location`. */
const HIDING_PLACES: Record<string, (model: OnnxTypes.ModelProto, location: string) => void> = {
  "a Constant node's value": (m, loc) => graphOf(m).node.push(constantNode(valueAttr(loc))),
  'a tensor marked only by its external_data entries': (m, loc) =>
    graphOf(m).node.push(constantNode({ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: externalTensor(loc, 'stolen', true) })),
  "a Constant node's sparse_value": (m, loc) =>
    graphOf(m).node.push(
      constantNode({
        name: 'sparse_value',
        type: onnx.AttributeProto.AttributeType.SPARSE_TENSOR,
        sparseTensor: { dims: [4], values: externalTensor(loc), indices: { dims: [4], dataType: onnx.TensorProto.DataType.INT64, int64Data: [0, 1, 2, 3] } },
      }),
    ),
  'a list of tensors in an attribute': (m, loc) =>
    graphOf(m).node.push({ opType: 'Identity', name: 'lists', input: ['tokens'], output: ['lists_out'], attribute: [{ name: 'tensors', type: onnx.AttributeProto.AttributeType.TENSORS, tensors: [{ name: 'ok', dims: [1], dataType: FLOAT, floatData: [0] }, externalTensor(loc)] }] }),
  'a subgraph of a subgraph (If inside If)': (m, loc) => {
    const inner: OnnxTypes.IGraphProto = { name: 'inner', node: [constantNode(valueAttr(loc), 'inner_out')], output: [{ name: 'inner_out' }] };
    const middle: OnnxTypes.IGraphProto = {
      name: 'middle',
      node: [{ opType: 'If', name: 'inner_if', input: ['cond'], output: ['middle_out'], attribute: [{ name: 'then_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: inner }] }],
      output: [{ name: 'middle_out' }],
    };
    graphOf(m).node.push({ opType: 'If', name: 'outer_if', input: ['cond'], output: ['outer_out'], attribute: [{ name: 'else_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: middle }] });
  },
  'one of the graphs of a graphs attribute': (m, loc) =>
    graphOf(m).node.push({ opType: 'Custom', name: 'many', output: ['many_out'], attribute: [{ name: 'bodies', type: onnx.AttributeProto.AttributeType.GRAPHS, graphs: [{ name: 'clean' }, { name: 'dirty', node: [constantNode(valueAttr(loc))] }] }] }),
  'an initializer': (m, loc) => graphOf(m).initializer.push(externalTensor(loc)),
  'a sparse initializer': (m, loc) => graphOf(m).sparseInitializer.push({ dims: [4], values: externalTensor(loc), indices: { dims: [4], dataType: onnx.TensorProto.DataType.INT64, int64Data: [0, 1, 2, 3] } }),
  'a model-local function': (m, loc) => m.functions.push({ name: 'helper', domain: 'local', node: [constantNode(valueAttr(loc))], output: ['stolen_out'] }),
};

describe('models that refer to external data', () => {
  let dir: string;
  let good: string;
  let client: ModelWorkerClient;
  const cwd = process.cwd();
  before(async () => {
    dir = tempDir('trm-external-');
    good = await writeFixtureModel(dir, 'good.onnx', { random: true, seed: 5 });
    // The worker thread starts here (it finds tsx from the repository), then shares the working folder.
    client = new ModelWorkerClient(WORKER);
    await client.load(good, 'cpu');
    // ONNX Runtime resolves the location against the working folder: the crafted models point into `dir`.
    process.chdir(dir);
    writeFileSync(join(dir, 'secret.bin'), Buffer.from(new Float32Array([1.5, 2.5, 3.5, 4.5]).buffer));
  });
  after(async () => {
    process.chdir(cwd);
    await client.dispose();
  });

  /** The good model with one tensor hidden somewhere, saved with the good model's card. */
  function crafted(place: string, location: string): string {
    const model = onnx.ModelProto.decode(readFileSync(good));
    HIDING_PLACES[place]!(model, location);
    const name = `crafted-${Object.keys(HIDING_PLACES).indexOf(place)}-${location.replace(/\W/g, '')}`;
    const path = join(dir, `${name}.onnx`);
    writeFileSync(path, onnx.ModelProto.encode(model).finish());
    writeFileSync(join(dir, `${name}.card.json`), readFileSync(good.replace(/\.onnx$/, '.card.json')));
    return path;
  }

  it('is a real threat: ONNX Runtime on its own reads the file a Constant node points at', async () => {
    const graph: OnnxTypes.IGraphProto = {
      name: 'g',
      node: [constantNode(valueAttr('secret.bin'))],
      output: [{ name: 'stolen_out', type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimValue: 4 }] } } } }],
    };
    const bytes = onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph }).finish();
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({});
    assert.deepEqual(Array.from(out.stolen_out!.data as Float32Array), [1.5, 2.5, 3.5, 4.5]);
    await session.release();
  });

  for (const place of Object.keys(HIDING_PLACES)) {
    it(`is refused when the pointer is in ${place}`, async () => {
      await assert.rejects(loadModelFile(crafted(place, 'secret.bin')), (e: unknown) => {
        assert.ok(e instanceof ModelFileError);
        assert.match(e.message, /cannot load model .*crafted-.*\.onnx: refused: .* refers to data in another file \('secret\.bin'\); only self-contained models are loaded/);
        return true;
      });
    });
  }

  it('names where the pointer hides', async () => {
    await assert.rejects(loadModelFile(crafted('a subgraph of a subgraph (If inside If)', 'secret.bin')), /node 'outer_if', attribute 'else_branch': node 'inner_if', attribute 'then_branch': node 'innocent_constant', attribute 'value' \(tensor 'stolen'\)/);
  });

  it('never opens the file when the server worker is asked to load such a model', async () => {
    // A FIFO tells whether anyone opened it: opening its write end waits until a reader opens the other.
    execFileSync('mkfifo', [join(dir, 'watched.fifo')]);
    let opened = false;
    const writer = fs.open(join(dir, 'watched.fifo'), 'w').then((h) => {
      opened = true;
      return h;
    });
    try {
      await assert.rejects(client.load(crafted("a Constant node's value", 'watched.fifo'), 'cpu'), /refused: .*'watched\.fifo'/);
      // The good model still loads in the same worker, so the worker did get this far.
      await client.load(good, 'cpu');
      assert.equal(opened, false, 'the file the model pointed at was never opened');
    } finally {
      // Release the pending writer by opening the read end ourselves.
      const reader = await fs.open(join(dir, 'watched.fifo'), constants.O_RDONLY | constants.O_NONBLOCK);
      await (await writer).close();
      await reader.close();
    }
  });
});
