/**
 * Test helper: runs a built Graph (or serialised model bytes) in onnxruntime-node on the CPU and returns
 * the outputs by name. Tests only; the server's session handling lives elsewhere.
 */
import * as ort from 'onnxruntime-node';
import { Graph, serializeGraph } from '../../server/src/trm/graph';

export type Feeds = Record<string, ort.Tensor>;
export type Fetches = Record<string, ort.Tensor>;

export async function runModel(bytes: Uint8Array, feeds: Feeds): Promise<Fetches> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  try {
    return (await session.run(feeds)) as Fetches;
  } finally {
    await session.release();
  }
}

export function runGraph(graph: Graph, feeds: Feeds): Promise<Fetches> {
  return runModel(serializeGraph(graph), feeds);
}

export const f32 = (data: readonly number[] | Float32Array, dims: readonly number[]): ort.Tensor =>
  new ort.Tensor('float32', data instanceof Float32Array ? data : Float32Array.from(data), dims);
export const i64 = (data: readonly number[], dims: readonly number[]): ort.Tensor =>
  new ort.Tensor('int64', BigInt64Array.from(data, (n) => BigInt(n)), dims);
export const i32 = (data: readonly number[], dims: readonly number[]): ort.Tensor =>
  new ort.Tensor('int32', Int32Array.from(data), dims);
export const bool = (data: readonly boolean[], dims: readonly number[]): ort.Tensor =>
  new ort.Tensor('bool', Uint8Array.from(data, (b) => (b ? 1 : 0)), dims);

/** Tensor contents as plain numbers (bigint and bool included). */
export function values(t: ort.Tensor | undefined): number[] {
  if (!t) throw new Error('missing output');
  return Array.from(t.data as ArrayLike<number | bigint | boolean>, (v) => Number(v));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}
