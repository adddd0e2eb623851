import * as tf from '@tensorflow/tfjs';
import { CorruptDumpError, InvalidInputError } from '../errors/index.ts';
import { FORMAT_MAJOR, PREAMBLE_BYTES } from '../saving/format/constants.ts';
import { isPlainRecord } from '../saving/format/plainRecord.ts';
import { addBytes, addRawTensor, decodeFile, encodeFile, newPayload, TensorRef, tensorBytes } from './ferryFormat.ts';

type ModelArtifacts = tf.io.ModelArtifacts;
type WeightSpec = tf.io.WeightsManifestEntry;

/** The `kind` of a model file's header. */
export const MODEL_KIND = 'model';

/** The JSON-valued fields of tfjs model artifacts that a model file keeps as they are. */
const JSON_FIELDS = [
  'modelTopology',
  'trainingConfig',
  'format',
  'generatedBy',
  'convertedBy',
  'signature',
  'userDefinedMetadata',
  'modelInitializer',
  'initializerSignature',
] as const;

/** Element sizes of the weight dtypes that are stored as typed tensors. */
const TYPED_WEIGHT_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };

/**
 * The chunks of a model file: header `{format, kind: 'model', artifacts, weights}` where `artifacts`
 * holds tfjs's JSON fields (topology, training config…) and `weights` lists `{spec, data}` per weight
 * in tfjs's order: `spec` is tfjs's weights-manifest entry, `data` a tensor descriptor (the weight's
 * own dtype and shape for unquantized float32/int32/bool, raw uint8 bytes otherwise).
 */
export async function encodeModelArtifacts(artifacts: ModelArtifacts, file: string): Promise<Uint8Array[]> {
  const payload = await newPayload();
  const header: Record<string, unknown> = { format: FORMAT_MAJOR, kind: MODEL_KIND };
  const json: Record<string, unknown> = {};
  for (const key of JSON_FIELDS) {
    const value = artifacts[key];
    if (value === undefined) continue;
    if (value instanceof ArrayBuffer) header.topologyBytes = addBytes(payload, new Uint8Array(value));
    else json[key] = value;
  }
  header.artifacts = json;
  const specs = artifacts.weightSpecs ?? [];
  const data = artifacts.weightData ?? new ArrayBuffer(0);
  const composite = new tf.io.CompositeArrayBuffer(data);
  const single = data instanceof ArrayBuffer ? data : undefined;
  const weights: unknown[] = [];
  let offset = 0;
  for (const spec of specs) {
    const length = weightByteLength(spec, composite, offset, file);
    const bytes = single
      ? new Uint8Array(single, offset, length)
      : new Uint8Array(composite.slice(offset, offset + length));
    const typed = spec.quantization === undefined ? TYPED_WEIGHT_BYTES[spec.dtype] : undefined;
    const ref = typed ? addRawTensor(payload, spec.dtype as 'float32', spec.shape, bytes) : addBytes(payload, bytes);
    weights.push({ spec: { ...spec }, data: ref });
    offset += length;
  }
  if (offset !== composite.byteLength) {
    throw new InvalidInputError(
      `Model artifacts for ${file}`,
      `the weight specs describe ${offset} bytes but the weight data has ${composite.byteLength}`,
    );
  }
  header.weights = weights;
  return encodeFile(header, payload);
}

/** tfjs model artifacts from a model file's bytes (weight data as one buffer per weight). */
export async function decodeModelArtifacts(bytes: Uint8Array, file: string): Promise<ModelArtifacts> {
  const checked = await decodeFile(bytes, file);
  const header = checked.header;
  if (!isPlainRecord(header) || header.kind !== MODEL_KIND) {
    const kind = isPlainRecord(header) ? JSON.stringify(header.kind) : 'none';
    throw new CorruptDumpError(file, PREAMBLE_BYTES, `not a model file (header kind ${kind}, expected "model")`);
  }
  const json = header.artifacts;
  const weights = header.weights;
  if (!isPlainRecord(json) || !Array.isArray(weights)) {
    throw new CorruptDumpError(file, PREAMBLE_BYTES, 'model file header lacks artifacts or weights');
  }
  const artifacts: ModelArtifacts = {};
  for (const key of JSON_FIELDS) if (json[key] !== undefined) Object.assign(artifacts, { [key]: json[key] });
  if (header.topologyBytes instanceof TensorRef)
    artifacts.modelTopology = copyBuffer(tensorBytes(checked, header.topologyBytes));
  const specs: WeightSpec[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const w of weights) {
    const entry = w as { spec?: unknown; data?: unknown };
    if (!isPlainRecord(entry.spec) || !(entry.data instanceof TensorRef)) {
      throw new CorruptDumpError(file, PREAMBLE_BYTES, 'a weight entry lacks its spec or data');
    }
    specs.push(entry.spec as unknown as WeightSpec);
    buffers.push(copyBuffer(tensorBytes(checked, entry.data)));
  }
  artifacts.weightSpecs = specs;
  artifacts.weightData = buffers;
  return artifacts;
}

/** Bytes of one weight in tfjs's weight data, starting at `offset`. */
function weightByteLength(spec: WeightSpec, data: tf.io.CompositeArrayBuffer, offset: number, file: string): number {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.quantization) return size * (spec.quantization.dtype === 'uint8' ? 1 : 2);
  if (spec.dtype === 'string') {
    let end = offset;
    for (let i = 0; i < size; i++) {
      if (end + 4 > data.byteLength) break;
      end += 4 + new DataView(data.slice(end, end + 4)).getUint32(0, true);
    }
    return end - offset;
  }
  if (spec.dtype === 'complex64') return size * 8;
  const width = TYPED_WEIGHT_BYTES[spec.dtype];
  if (width === undefined)
    throw new InvalidInputError(`Model artifacts for ${file}`, `weight "${spec.name}" has unknown dtype ${spec.dtype}`);
  return size * width;
}

/** A standalone ArrayBuffer holding `bytes` (tfjs wants whole buffers). */
function copyBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}
