/**
 * Reverse-mode automatic differentiation over the graph IR: `gradients(graph, loss, wrt)` appends the
 * backward pass to the same graph as ordinary nodes (so a training step is one ONNX graph) and returns
 * d sum(loss) / d w for each w in `wrt`.
 *
 * Like micrograd's backward(), it walks the nodes in reverse build order (the build order is topological),
 * so a value's gradient is complete, all its uses summed, before its producer is visited. Only nodes on a
 * path from `wrt` to `loss` get backward nodes: a forward sweep first marks the float values that depend
 * on `wrt` through differentiable ops, and a gradient only flows into marked inputs. StopGradient, integer
 * and bool values, and ops without a rule (gradient-rules.ts) cut the paths.
 */
import { BackwardBuilder } from './backward-builder';
import { Graph, Value } from './graph';
import { GRADIENT_RULES, type GradientRule, type SlicePiece } from './gradient-rules';
import { GraphBuildError } from './shape';
import type { DType, OpSpec } from './types';

const isFloat = (dtype: DType): boolean => dtype === 'float32' || dtype === 'float64';

function ruleFor(spec: OpSpec): GradientRule | null {
  // The table is keyed by op, so its entry for spec.op takes exactly this spec.
  return GRADIENT_RULES[spec.op] as GradientRule | null;
}

/**
 * The gradients of sum(loss) with respect to each of `wrt`, each of exactly its value's shape (a constant
 * zero when `loss` does not depend on it). Backward nodes are named `grad:<forward node>/...`.
 */
export function gradients(graph: Graph, loss: Value, wrt: readonly Value[]): Value[] {
  if (loss.graph !== graph || wrt.some((w) => w.graph !== graph)) throw new GraphBuildError('gradients: values of another graph');
  if (!isFloat(loss.dtype)) throw new GraphBuildError(`gradients: the loss must be float, got ${loss}`);
  for (const w of wrt) if (!isFloat(w.dtype)) throw new GraphBuildError(`gradients: cannot differentiate with respect to ${w}`);

  const end = loss.origin.kind === 'node' ? loss.origin.node.id + 1 : 0;
  const depends = new Set<Value>(wrt);
  for (let i = 0; i < end; i++) {
    const node = graph.nodes[i]!;
    if (ruleFor(node.spec) && node.inputs.some((v) => depends.has(v))) {
      for (const out of node.outputs) if (isFloat(out.dtype)) depends.add(out);
    }
  }

  // Contributions are kept apart until the value's producer is visited, then summed once (backward-builder).
  const contributions = new Map<Value, Array<Value | SlicePiece>>();
  const accumulate = (v: Value, g: Value | SlicePiece): void => {
    const list = contributions.get(v);
    if (list) list.push(g);
    else contributions.set(v, [g]);
  };
  if (depends.has(loss)) accumulate(loss, graph.filled(1, loss.shape.map(() => 1), loss.dtype));

  const b = new BackwardBuilder(graph);
  const summed = new Map<Value, Value>();
  const gradientOf = (v: Value): Value | undefined => {
    const list = contributions.get(v);
    if (!list) return undefined;
    let g = summed.get(v);
    if (!g) summed.set(v, (g = graph.scope(`grad:${v.name}`, () => b.sum(list, v.shape))));
    return g;
  };
  for (let i = end - 1; i >= 0; i--) {
    const node = graph.nodes[i]!;
    const out = node.outputs[0]!;
    const rule = ruleFor(node.spec);
    const g = rule ? gradientOf(out) : undefined;
    if (!g || !rule) continue;
    const wants = (k: number): boolean => depends.has(node.inputs[k]!);
    const inputGrads = graph.scope(`grad:${node.name}`, () => rule({ spec: node.spec, inputs: node.inputs, out, g, wants, b }));
    inputGrads.forEach((ig, k) => {
      if (ig && wants(k)) accumulate(node.inputs[k]!, ig);
    });
  }

  return wrt.map((w) => {
    const g = gradientOf(w);
    if (g) return graph.scope(`grad:${w.name}`, () => b.exact(g, w.shape));
    if (!w.shape.every((d) => typeof d === 'number')) throw new GraphBuildError(`gradients: ${w} does not reach the loss and has a symbolic shape`);
    return graph.filled(0, w.shape as number[], w.dtype);
  });
}
