/**
 * tfjs model artifacts with their float32 weights quantized, as tfjs-converter writes them: each
 * quantized weight keeps its `dtype: 'float32'` and gains tfjs's `quantization` entry
 * (`{dtype: 'uint8', min, scale}` or `{dtype: 'float16'}`), its bytes the stored values. tfjs's own
 * loaders (`tf.loadLayersModel`, `tf.loadGraphModel`, `tf.io.decodeWeights`) dequantize them.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../errors/index.ts';
import { type QuantizeMode, quantizeArray, requireQuantizeMode } from './quantize.ts';
import { weightByteLength, weightDataBytes } from './weightLayout.ts';

type ModelArtifacts = tf.io.ModelArtifacts;
type WeightSpec = tf.io.WeightsManifestEntry;

/**
 * `artifacts` with every float32 weight quantized per tensor in `mode` (see `quantizeArray` for the
 * schemes and their error bounds). Left as they are, bytes and spec: weights that are already
 * quantized (a graph model converted with `--quantize_uint8` keeps its stored bytes), weights of
 * other dtypes (int32, bool, string, complex64), and the optimizer's state (`group: 'optimizer'`,
 * kept exact so that training resumes where it stopped). The weight data comes back as one buffer;
 * the input is not changed. A float16 overflow or a non-finite value under uint8 is a typed error
 * naming the weight (`Float16RangeError`, `NonFiniteWeightError`); `file` names the destination in errors.
 */
export function quantizeArtifacts(
  artifacts: ModelArtifacts,
  mode: QuantizeMode,
  file = 'model artifacts',
): ModelArtifacts {
  const checked = requireQuantizeMode(mode, `quantizeArtifacts(${file})`);
  const specs = artifacts.weightSpecs ?? [];
  const data = weightDataBytes(artifacts.weightData);
  const parts: Uint8Array[] = [];
  const outSpecs: WeightSpec[] = [];
  let offset = 0;
  for (const spec of specs) {
    const length = weightByteLength(spec, data, offset);
    if (length === undefined) {
      const what = spec.quantization ? `quantization dtype ${spec.quantization.dtype}` : `dtype ${spec.dtype}`;
      throw new InvalidInputError(`quantizeArtifacts(${file})`, `weight "${spec.name}" has unknown ${what}`);
    }
    if (offset + length > data.byteLength) {
      throw new InvalidInputError(
        `quantizeArtifacts(${file})`,
        `weight "${spec.name}" needs bytes ${offset}..${offset + length} but the weight data has ${data.byteLength}`,
      );
    }
    const bytes = data.slice(offset, offset + length);
    offset += length;
    if (!isQuantizable(spec)) {
      parts.push(bytes);
      outSpecs.push(spec);
      continue;
    }
    const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const quantized = quantizeArray(values, spec.shape, checked, spec.name, `quantizeArtifacts(${file})`);
    const stored = quantized.data;
    parts.push(new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength));
    outSpecs.push({ ...spec, quantization: { ...quantized.quantization } });
  }
  if (offset !== data.byteLength) {
    throw new InvalidInputError(
      `quantizeArtifacts(${file})`,
      `the weight specs describe ${offset} bytes but the weight data has ${data.byteLength}`,
    );
  }
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.byteLength;
  }
  return { ...artifacts, weightSpecs: outSpecs, weightData: joined.buffer };
}

/** Whether `quantizeArtifacts` quantizes this weight: float32, not yet quantized, not optimizer state. */
function isQuantizable(spec: WeightSpec): boolean {
  return spec.dtype === 'float32' && spec.quantization === undefined && spec.group !== 'optimizer';
}
