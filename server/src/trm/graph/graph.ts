/**
 * The graph IR: values with a dtype and a tracked shape, nodes appended in build order (which is therefore a
 * topological order), graph inputs, parameters (initializers or graph inputs), constants and outputs.
 *
 * Ops (ops.ts) append nodes through `addNode`; the ONNX writer lowers the result. Reverse-mode autodiff
 * (planned for training) walks `nodes` backwards, reads each node's `spec`, and adds its gradient nodes to
 * the same graph; values know their producer (`origin`) for that. Names are readable: a node built inside
 * `scope('L_level.layers.0', ...)` is called `L_level.layers.0/MatMul` and its output `...MatMul:0`.
 */
import { GraphBuildError, formatShape } from './shape';
import type { DType, Dim, OpSpec, Shape, TensorData, TensorDataOf } from './types';

export type ValueOrigin =
  /** A data input fed at run time (tokens, carried states). */
  | { kind: 'input' }
  /** A model weight: an initializer when `data` is set, else a graph input (training feeds weights). */
  | { kind: 'parameter'; data: Float32Array | undefined }
  /** A fixed tensor (RoPE tables, scalars): an initializer, never differentiated. */
  | { kind: 'constant'; data: TensorData }
  | { kind: 'node'; node: Node; index: number };

export class Value {
  constructor(
    readonly graph: Graph,
    readonly id: number,
    public name: string,
    readonly dtype: DType,
    readonly shape: Shape,
    readonly origin: ValueOrigin,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `${this.name}: ${this.dtype}${formatShape(this.shape)}`;
  }
}

export interface Node {
  readonly id: number;
  readonly name: string;
  readonly spec: OpSpec;
  readonly inputs: readonly Value[];
  readonly outputs: readonly Value[];
}

export interface ValueType {
  dtype: DType;
  shape: Shape;
}

const ELEMENTS: { [K in DType]: new (n: number) => TensorDataOf[K] } = {
  float32: Float32Array,
  float64: Float64Array,
  int64: BigInt64Array,
  int32: Int32Array,
  bool: Uint8Array,
};

export class Graph {
  readonly nodes: Node[] = [];
  /** Data inputs and parameter inputs, in the order they were declared. */
  readonly inputs: Value[] = [];
  /** Parameters with data and constants: the ONNX initializers. */
  readonly initializers: Value[] = [];
  readonly outputs: Value[] = [];
  private readonly names = new Set<string>();
  private readonly scopes: string[] = [];
  private readonly filledCache = new Map<string, Value>();
  private nextId = 0;

  /** Runs `build` with `name` appended to the naming scope; scopes nest with '.'. */
  scope<T>(name: string, build: () => T): T {
    this.scopes.push(name);
    try {
      return build();
    } finally {
      this.scopes.pop();
    }
  }

  get scopeName(): string {
    return this.scopes.join('.');
  }

  input(name: string, dtype: DType, shape: Shape): Value {
    const v = this.newValue(this.claim(name), dtype, shape, { kind: 'input' });
    this.inputs.push(v);
    return v;
  }

  /** A float32 weight; an initializer holding `data`, or a graph input when `data` is undefined. */
  parameter(name: string, shape: readonly number[], data: Float32Array | undefined): Value {
    const size = shape.reduce((a, b) => a * b, 1);
    if (data !== undefined && data.length !== size) {
      throw new GraphBuildError(
        `parameter ${name}: expected ${size} values for shape ${formatShape(shape)}, got ${data.length}`,
      );
    }
    const v = this.newValue(this.claim(name), 'float32', shape, { kind: 'parameter', data });
    (data === undefined ? this.inputs : this.initializers).push(v);
    return v;
  }

  constant<K extends DType>(dtype: K, data: TensorDataOf[K], shape: readonly number[], hint = 'const'): Value {
    const size = shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) {
      throw new GraphBuildError(`constant ${hint}: ${data.length} values for shape ${formatShape(shape)}`);
    }
    const v = this.newValue(this.unique(this.qualify(hint)), dtype, shape, { kind: 'constant', data });
    this.initializers.push(v);
    return v;
  }

  /** A rank-0 constant; one shared value per (dtype, number), so the same 1.0 is not stored many times. */
  scalar(value: number, dtype: DType = 'float32'): Value {
    return this.filled(value, [], dtype);
  }

  /** A constant of `shape` with every element `value`; shared like `scalar`. */
  filled(value: number, shape: readonly number[], dtype: DType = 'float32'): Value {
    const key = `${dtype}:${value}:${shape.join('x')}`;
    let v = this.filledCache.get(key);
    if (!v) {
      const data = new ELEMENTS[dtype](shape.reduce((a, b) => a * b, 1));
      if (data instanceof BigInt64Array) data.fill(BigInt(value));
      else data.fill(value);
      const hint = shape.length ? `filled.${dtype}.${value}.${shape.join('x')}` : `scalar.${dtype}.${value}`;
      v = this.newValue(this.unique(hint), dtype, shape, { kind: 'constant', data });
      this.initializers.push(v);
      this.filledCache.set(key, v);
    }
    return v;
  }

  /** Appends a node; called by the ops, which have already inferred the output types. */
  addNode(spec: OpSpec, inputs: readonly Value[], outputTypes: readonly ValueType[], outputNames?: string[]): Value[] {
    for (const v of inputs) {
      if (v.graph !== this) throw new GraphBuildError(`${spec.op}: input ${v.name} belongs to another graph`);
    }
    const name = this.unique(this.qualify(spec.op));
    const outputs: Value[] = [];
    const node: Node = { id: this.nodes.length, name, spec, inputs, outputs };
    outputTypes.forEach((t, i) => {
      const valueName = outputNames?.[i] !== undefined ? this.claim(outputNames[i] as string) : this.unique(`${name}:${i}`);
      outputs.push(this.newValue(valueName, t.dtype, t.shape, { kind: 'node', node, index: i }));
    });
    this.nodes.push(node);
    return outputs;
  }

  /**
   * Marks `value` as a graph output called `name`. A node output is renamed in place; anything else (an
   * input, a constant, a value already output) is passed through an Identity so names stay unique.
   */
  output(name: string, value: Value): Value {
    if (value.graph !== this) throw new GraphBuildError(`output ${name}: value belongs to another graph`);
    if (value.origin.kind === 'node' && !this.outputs.includes(value)) {
      this.names.delete(value.name);
      value.name = this.claim(name);
      this.outputs.push(value);
      return value;
    }
    const [out] = this.addNode({ op: 'Identity' }, [value], [{ dtype: value.dtype, shape: value.shape }], [name]);
    this.outputs.push(out as Value);
    return out as Value;
  }

  /** Parameters in declaration order, whichever way they are sourced. */
  parameters(): Value[] {
    return [...this.inputs, ...this.initializers].filter((v) => v.origin.kind === 'parameter').sort((a, b) => a.id - b.id);
  }

  private newValue(name: string, dtype: DType, shape: Shape, origin: ValueOrigin): Value {
    for (const d of shape) checkDim(d, name);
    return new Value(this, this.nextId++, name, dtype, [...shape], origin);
  }

  private qualify(hint: string): string {
    return this.scopes.length ? `${this.scopeName}/${hint}` : hint;
  }

  /** Reserves an exact name (inputs, parameters, outputs), which must be free. */
  private claim(name: string): string {
    if (name === '') throw new GraphBuildError('empty value name');
    if (this.names.has(name)) throw new GraphBuildError(`the name '${name}' is already used in this graph`);
    this.names.add(name);
    return name;
  }

  /** Reserves a generated name, suffixing `_2`, `_3`... when it is taken. */
  private unique(base: string): string {
    let name = base;
    for (let k = 2; this.names.has(name); k++) name = `${base}_${k}`;
    this.names.add(name);
    return name;
  }
}

function checkDim(d: Dim, name: string): void {
  if (typeof d === 'number' ? !(Number.isInteger(d) && d >= 0) : d.length === 0) {
    throw new GraphBuildError(`value ${name}: invalid dim ${JSON.stringify(d)}`);
  }
}
