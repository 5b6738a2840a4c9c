// ONNX serialisation both ways: the writer emits IR 8 / opset 17 with symbolic dims, initializers as raw
// little-endian data and metadata; the reader gives back exactly what was written.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pkg from 'onnx-proto';
import { Graph, OnnxReadError, add, cast, readOnnxModel, serializeGraph, stopGradient } from '../../server/src/trm/graph';

const { onnx } = pkg;

function sampleGraph(): Graph {
  const g = new Graph();
  const x = g.input('x', 'float32', ['batch', 3]);
  const w = g.parameter('w', [3], Float32Array.of(1.5, -2, 0.25));
  g.constant('int64', BigInt64Array.of(-1n, 2n ** 40n), [2], 'ids');
  g.constant('int32', Int32Array.of(7), [1], 'small');
  g.constant('bool', Uint8Array.of(1, 0, 1), [3], 'mask');
  g.output('y', stopGradient(add(x, w)));
  g.output('n', cast(x, 'int64'));
  return g;
}

describe('ONNX serialisation', () => {
  it('writes IR 8, opset 17, symbolic dims, and StopGradient as Identity', () => {
    const model = onnx.ModelProto.decode(serializeGraph(sampleGraph(), { metadata: { a: '1' } }));
    assert.equal(Number(model.irVersion), 8);
    assert.deepEqual(model.opsetImport.map((o) => [o.domain, Number(o.version)]), [['', 17]]);
    const x = model.graph?.input?.[0];
    assert.equal(x?.type?.tensorType?.shape?.dim?.[0]?.dimParam, 'batch');
    assert.equal(Number(x?.type?.tensorType?.shape?.dim?.[1]?.dimValue), 3);
    assert.deepEqual(model.graph?.node?.map((n) => n.opType), ['Add', 'Identity', 'Cast']);
  });

  it('reads back initializers of every dtype, metadata and interface names', () => {
    const read = readOnnxModel(serializeGraph(sampleGraph(), { metadata: { 'trm.config': '{"x":1}', other: 'é' } }));
    assert.equal(read.irVersion, 8);
    assert.equal(read.opsetVersion, 17);
    assert.deepEqual(read.inputNames, ['x']);
    assert.deepEqual(read.outputNames, ['y', 'n']);
    assert.deepEqual([...read.metadata], [['trm.config', '{"x":1}'], ['other', 'é']]);
    const t = (name: string) => read.initializers.get(name);
    assert.deepEqual(t('w'), { name: 'w', dtype: 'float32', dims: [3], data: Float32Array.of(1.5, -2, 0.25) });
    assert.deepEqual(t('ids')?.data, BigInt64Array.of(-1n, 2n ** 40n));
    assert.deepEqual(t('small')?.data, Int32Array.of(7));
    assert.deepEqual(t('mask'), { name: 'mask', dtype: 'bool', dims: [3], data: Uint8Array.of(1, 0, 1) });
  });

  it('reads float_data initializers written by other tools', () => {
    const bytes = onnx.ModelProto.encode({
      irVersion: 8,
      graph: { initializer: [{ name: 'f', dataType: onnx.TensorProto.DataType.FLOAT, dims: [2], floatData: [3, 4] }] },
    }).finish();
    assert.deepEqual(readOnnxModel(bytes).initializers.get('f')?.data, Float32Array.of(3, 4));
  });

  it('refuses undecodable bytes and raw data that does not fit its dims', () => {
    assert.throws(() => readOnnxModel(Uint8Array.of(0xff, 0xff, 0xff)), OnnxReadError);
    const bytes = onnx.ModelProto.encode({
      graph: { initializer: [{ name: 'f', dataType: onnx.TensorProto.DataType.FLOAT, dims: [3], rawData: new Uint8Array(8) }] },
    }).finish();
    assert.throws(() => readOnnxModel(bytes), /initializer f: 8 bytes do not fit dims \[3\]/);
  });
});
