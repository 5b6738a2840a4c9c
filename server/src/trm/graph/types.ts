/**
 * The vocabulary of the graph IR: element types, shapes (numeric and symbolic dims), tensor data, and the
 * closed set of ops with their attributes. Op attributes live here, typed per op, rather than as ONNX
 * attribute bags, so that shape inference, the ONNX writer and the (planned) gradient table can all switch
 * on `spec.op` and read plain fields. Opset quirks (axes as input vs attribute) are the writer's business.
 */

/** float64 exists for gradient checks (finite differences in double precision); models are float32. */
export type DType = 'float32' | 'float64' | 'int64' | 'int32' | 'bool';

/** A dimension: a size, or a symbol such as 'batch' that is fixed only when the graph runs. */
export type Dim = number | string;
export type Shape = readonly Dim[];

/** Element storage per dtype; bool is one byte per element, 0 or 1. */
export interface TensorDataOf {
  float32: Float32Array;
  float64: Float64Array;
  int64: BigInt64Array;
  int32: Int32Array;
  bool: Uint8Array;
}
export type TensorData = TensorDataOf[DType];

/** Ops whose two inputs broadcast against each other (numpy rules) and keep the input dtype. */
export type BinaryArithmeticOp = 'Add' | 'Sub' | 'Mul' | 'Div';
/** Elementwise comparisons: broadcast, output bool. */
export type ComparisonOp = 'Equal' | 'Less' | 'Greater';
/** Elementwise float maps. */
export type UnaryOp = 'Neg' | 'Exp' | 'Log' | 'Sqrt' | 'Reciprocal' | 'Sigmoid' | 'Tanh' | 'Relu' | 'Atan';
export type ReduceOp = 'ReduceSum' | 'ReduceMean' | 'ReduceMax';

/**
 * One node's op and attributes. Axes are normalised to non-negative values at build time. `StopGradient` is
 * an identity for the forward pass and the place where reverse-mode autodiff stops.
 */
export type OpSpec =
  | { op: 'MatMul' }
  | { op: BinaryArithmeticOp }
  | { op: ComparisonOp }
  | { op: UnaryOp }
  | { op: 'Pow'; exponent: number }
  | { op: ReduceOp; axes: number[]; keepdims: boolean }
  | { op: 'Softmax'; axis: number }
  | { op: 'ArgMax'; axis: number; keepdims: boolean }
  | { op: 'Reshape'; shape: number[] }
  | { op: 'Transpose'; perm: number[] }
  | { op: 'Concat'; axis: number }
  | { op: 'Slice'; starts: number[]; ends: number[]; axes: number[]; steps: number[] }
  | { op: 'Pad'; pads: number[]; value: number }
  | { op: 'Gather'; axis: number }
  | { op: 'Where' }
  | { op: 'Cast'; to: DType }
  | { op: 'Unsqueeze'; axes: number[] }
  | { op: 'Squeeze'; axes: number[] }
  | { op: 'Expand'; shape: number[] }
  | { op: 'Identity' }
  | { op: 'StopGradient' };

export type OpType = OpSpec['op'];
