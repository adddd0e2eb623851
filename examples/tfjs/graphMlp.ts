/**
 * Small tfjs graph models written as tfjs-converter writes them (a GraphDef in JSON plus a weights manifest), with
 * seeded weights: tfjs cannot convert a model itself, and the examples, tests and benchmarks need graph models without
 * a network.
 */
import type * as tf from '@tensorflow/tfjs-core';

type Node = Record<string, unknown>;

const FLOAT = { type: 'DT_FLOAT' };
const dims = (shape: readonly number[]) => ({ dim: shape.map((d) => ({ size: String(d) })) });

function placeholder(name: string, shape: readonly number[]): Node {
  return { name, op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: dims(shape) } } };
}

function constant(name: string, shape: readonly number[]): Node {
  return {
    name,
    op: 'Const',
    attr: { dtype: FLOAT, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims(shape) } } },
  };
}

function op(name: string, kind: string, input: string[], attr: Record<string, unknown> = { T: FLOAT }): Node {
  return { name, op: kind, input, attr };
}

/** Seeded uniform values in [-1, 1) (a 32-bit LCG), so every run builds the same weights. */
function seeded(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/**
 * A graph MLP: input `x` of `[-1, ...inputShape]` (flattened by a Reshape when it has several dimensions), a ReLU
 * hidden layer of `hidden` units and a softmax over `classes`, as tfjs-converter's JSON graph and weights.
 */
export function graphMlpArtifacts(
  inputShape: readonly number[],
  hidden: number,
  classes: number,
  seed = 1,
): tf.io.ModelArtifacts {
  const features = inputShape.reduce((a, b) => a * b, 1);
  const nodes: Node[] = [placeholder('x', [-1, ...inputShape])];
  let input = 'x';
  if (inputShape.length > 1) {
    nodes.push({
      name: 'flat_shape',
      op: 'Const',
      attr: { dtype: { type: 'DT_INT32' }, value: { tensor: { dtype: 'DT_INT32', tensorShape: dims([2]) } } },
    });
    nodes.push(op('flat', 'Reshape', ['x', 'flat_shape'], { T: FLOAT, Tshape: { type: 'DT_INT32' } }));
    input = 'flat';
  }
  nodes.push(
    constant('dense/kernel', [features, hidden]),
    constant('dense/bias', [hidden]),
    op('dense/MatMul', 'MatMul', [input, 'dense/kernel'], {
      T: FLOAT,
      transpose_a: { b: false },
      transpose_b: { b: false },
    }),
    op('dense/BiasAdd', 'BiasAdd', ['dense/MatMul', 'dense/bias']),
    op('dense/Relu', 'Relu', ['dense/BiasAdd']),
    constant('logits/kernel', [hidden, classes]),
    constant('logits/bias', [classes]),
    op('logits/MatMul', 'MatMul', ['dense/Relu', 'logits/kernel'], {
      T: FLOAT,
      transpose_a: { b: false },
      transpose_b: { b: false },
    }),
    op('logits/BiasAdd', 'BiasAdd', ['logits/MatMul', 'logits/bias']),
    op('probabilities', 'Softmax', ['logits/BiasAdd']),
  );
  const weights: [tf.io.WeightsManifestEntry, ArrayBufferView][] = [];
  if (inputShape.length > 1)
    weights.push([{ name: 'flat_shape', shape: [2], dtype: 'int32' }, new Int32Array([-1, features])]);
  weights.push(
    [{ name: 'dense/kernel', shape: [features, hidden], dtype: 'float32' }, seeded(features * hidden, seed)],
    [{ name: 'dense/bias', shape: [hidden], dtype: 'float32' }, seeded(hidden, seed + 1)],
    [{ name: 'logits/kernel', shape: [hidden, classes], dtype: 'float32' }, seeded(hidden * classes, seed + 2)],
    [{ name: 'logits/bias', shape: [classes], dtype: 'float32' }, seeded(classes, seed + 3)],
  );
  const total = weights.reduce((n, [, v]) => n + v.byteLength, 0);
  const data = new Uint8Array(total);
  let at = 0;
  for (const [, v] of weights) {
    data.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), at);
    at += v.byteLength;
  }
  return {
    modelTopology: { node: nodes, library: {}, versions: { producer: 1482, minConsumer: 0 } },
    format: 'graph-model',
    generatedBy: '2.15.0',
    convertedBy: 'ferry test graphModels.ts',
    weightSpecs: weights.map(([spec]) => spec),
    weightData: data.buffer,
  };
}
