/** The graph builder's public surface: the IR, its ops, reverse-mode autodiff, and ONNX serialisation both ways. */
export { Graph, Value } from './graph';
export type { Node, ValueOrigin, ValueType } from './graph';
export * from './ops';
export { GraphBuildError, formatShape, shapesEqual, staticSize } from './shape';
export type { DType, Dim, OpSpec, OpType, Shape, TensorData, TensorDataOf } from './types';
export { IR_VERSION, OPSET_VERSION, serializeGraph, toModelProto, tensorProto, onnxDataType } from './onnx-writer';
export type { ModelMetadata } from './onnx-writer';
export { OnnxReadError, readOnnxModel } from './onnx-reader';
export type { OnnxModelContents, StoredTensor } from './onnx-reader';
export { gradients } from './autodiff';
