import type * as tf from '@tensorflow/tfjs-core';
import { CorruptDumpError, InvalidInputError } from '../errors/index.ts';
import { FORMAT_MAJOR, PREAMBLE_BYTES } from '../saving/format/constants.ts';
import { isPlainRecord } from '../saving/format/plainRecord.ts';
import {
  addBytes,
  addRawTensor,
  type CheckedFile,
  decodeFile,
  encodeFile,
  newPayload,
  TensorRef,
  tensorBytes,
} from './ferryFormat.ts';
import { weightByteLength, weightDataBytes, weightSpecProblem } from './weightLayout.ts';

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
  // tfjs's JSON fields as JSON text in the payload: JSON.parse reads a 200 KB topology several times faster than a
  // msgpack decoder in JavaScript, and the text is covered by its payload checksum like every weight.
  const data = weightDataBytes(artifacts.weightData);
  const weights: unknown[] = [];
  let offset = 0;
  for (const spec of artifacts.weightSpecs ?? []) {
    const length = weightByteLength(spec, data, offset);
    if (length === undefined)
      throw new InvalidInputError(
        `Model artifacts for ${file}`,
        `weight "${spec.name}" has unknown dtype ${spec.dtype}`,
      );
    if (offset + length > data.byteLength)
      throw new InvalidInputError(
        `Model artifacts for ${file}`,
        `weight "${spec.name}" needs bytes ${offset}..${offset + length} but the weight data has ${data.byteLength}`,
      );
    const bytes = data.subarray(offset, offset + length);
    const typed = spec.quantization === undefined ? TYPED_WEIGHT_BYTES[spec.dtype] : undefined;
    const ref = typed ? addRawTensor(payload, spec.dtype as 'float32', spec.shape, bytes) : addBytes(payload, bytes);
    weights.push(ref);
    offset += length;
  }
  if (offset !== data.byteLength) {
    throw new InvalidInputError(
      `Model artifacts for ${file}`,
      `the weight specs describe ${offset} bytes but the weight data has ${data.byteLength}`,
    );
  }
  // tfjs's JSON fields and weight specs as JSON text in the payload (JSON.parse reads a 200 KB topology several
  // times faster than a msgpack map in JavaScript), covered by its payload checksum like every weight; the header
  // lists only the weights' tensor descriptors, in spec order.
  json.weightSpecs = (artifacts.weightSpecs ?? []).map((spec) => ({ ...spec }));
  header.artifactsJson = addBytes(payload, new TextEncoder().encode(JSON.stringify(json)));
  header.weights = weights;
  return encodeFile(header, payload);
}

/**
 * A decoded model file: tfjs's artifacts without weight data (JSON fields, weight specs, and a graph model's binary
 * topology as a view), and each weight's bytes as a view on the file's bytes, in spec order. Nothing is copied; every
 * byte was checked against its checksum, and each weight's spec against its bytes.
 */
export interface DecodedModelFile {
  readonly artifacts: Omit<ModelArtifacts, 'weightData' | 'modelTopology'>;
  /** Layers models: the topology as JSON data. */
  readonly modelTopology?: object;
  /** Graph models: the GraphDef protobuf bytes (a view on the file). */
  readonly topologyBytes?: Uint8Array;
  readonly weightSpecs: readonly WeightSpec[];
  readonly weights: readonly Uint8Array[];
}

/** Decodes a model file's bytes in one pass over them, weights as views (see {@link DecodedModelFile}). */
export async function decodeModelFile(bytes: Uint8Array, file: string): Promise<DecodedModelFile> {
  const checked = await decodeFile(bytes, file);
  const header = checked.header;
  const bad = (what: string) => new CorruptDumpError(file, PREAMBLE_BYTES, what);
  if (!isPlainRecord(header) || header.kind !== MODEL_KIND) {
    const kind = isPlainRecord(header) ? JSON.stringify(header.kind) : 'none';
    throw bad(`not a model file (header kind ${kind}, expected "model")`);
  }
  const json = artifactsOf(header, checked, bad);
  const weights = header.weights;
  if (!Array.isArray(weights)) throw bad('model file header lacks weights');
  const artifacts: Record<string, unknown> = {};
  for (const key of JSON_FIELDS) if (json[key] !== undefined && key !== 'modelTopology') artifacts[key] = json[key];
  const topology = json.modelTopology;
  if (topology !== undefined && !isPlainRecord(topology)) throw bad('the layers topology is not a map');
  let topologyBytes: Uint8Array | undefined;
  if (header.topologyBytes !== undefined) {
    if (!(header.topologyBytes instanceof TensorRef)) throw bad('topologyBytes is not a tensor');
    if (topology !== undefined) throw bad('the file holds both a layers topology and a graph topology');
    topologyBytes = tensorBytes(checked, header.topologyBytes);
  }
  // Files since 0.3: specs in artifactsJson, descriptors in `weights`; files of 0.1/0.2: `weights` of {spec, data}.
  const jsonSpecs = header.artifactsJson === undefined ? undefined : json.weightSpecs;
  if (jsonSpecs !== undefined && (!Array.isArray(jsonSpecs) || jsonSpecs.length !== weights.length))
    throw bad('artifactsJson.weightSpecs is not a list with one spec per entry of weights');
  const specs: WeightSpec[] = [];
  const views: Uint8Array[] = [];
  for (let i = 0; i < weights.length; i++) {
    const entry = Array.isArray(jsonSpecs)
      ? { spec: jsonSpecs[i] as unknown, data: weights[i] }
      : (weights[i] as { spec?: unknown; data?: unknown });
    if (!isPlainRecord(entry) || !(entry.data instanceof TensorRef)) throw bad(`weights[${i}] lacks its spec or data`);
    const problem = weightSpecProblem(entry.spec);
    if (problem) throw bad(`weights[${i}].spec: ${problem}`);
    const spec = entry.spec as unknown as WeightSpec;
    const view = tensorBytes(checked, entry.data);
    const expected = weightByteLength(spec, view, 0);
    if (expected !== view.byteLength)
      throw bad(`weights[${i}] ("${spec.name}") holds ${view.byteLength} bytes; its spec implies ${expected}`);
    specs.push(spec);
    views.push(view);
  }
  return {
    artifacts: artifacts as DecodedModelFile['artifacts'],
    ...(topology !== undefined ? { modelTopology: topology } : {}),
    ...(topologyBytes ? { topologyBytes } : {}),
    weightSpecs: specs,
    weights: views,
  };
}

/**
 * The JSON fields of a model file: `artifactsJson` (a uint8 tensor of UTF-8 JSON, written since ferryml 0.3) or
 * `artifacts` (the same map in msgpack, files of 0.1 and 0.2); exactly one, and a map of JSON values.
 */
function artifactsOf(
  header: Record<string, unknown>,
  checked: CheckedFile,
  bad: (what: string) => CorruptDumpError,
): Record<string, unknown> {
  const { artifacts, artifactsJson } = header;
  if ((artifacts === undefined) === (artifactsJson === undefined))
    throw bad('a model file header holds exactly one of artifacts and artifactsJson');
  if (artifacts !== undefined) {
    if (!isPlainRecord(artifacts)) throw bad('artifacts is not a map');
    return artifacts;
  }
  if (!(artifactsJson instanceof TensorRef) || artifactsJson.dtype !== 'uint8' || artifactsJson.shape.length !== 1)
    throw bad('artifactsJson is not a 1-d uint8 tensor');
  let parsed: unknown;
  try {
    const text = UTF8.decode(tensorBytes(checked, artifactsJson));
    // No `__proto__` key anywhere (as in msgpack headers): checked key by key only when the text could spell one.
    parsed = text.includes('__proto__') || text.includes('\\u') ? JSON.parse(text, refuseProtoKey) : JSON.parse(text);
  } catch (error) {
    // Invalid UTF-8 or JSON, a `__proto__` key, or nesting deep enough to exhaust the stack (a RangeError).
    throw bad(`artifactsJson is not UTF-8 JSON without __proto__ keys (${(error as Error).message})`);
  }
  if (!isPlainRecord(parsed)) throw bad('artifactsJson is not a JSON object');
  for (const key of Object.keys(parsed))
    if (key !== 'weightSpecs' && !(JSON_FIELDS as readonly string[]).includes(key))
      throw bad(`artifactsJson holds an unknown field "${key}"`);
  return parsed;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function refuseProtoKey(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SyntaxError('a "__proto__" key');
  return value;
}

/**
 * tfjs model artifacts from a model file's bytes. tfjs's loaders take weight data only as whole ArrayBuffers, so the
 * weights are copied once, into one buffer (tfjs's own file layout); {@link decodeModelFile} gives them as views.
 */
export async function decodeModelArtifacts(bytes: Uint8Array, file: string): Promise<ModelArtifacts> {
  return toModelArtifacts(await decodeModelFile(bytes, file));
}

/** tfjs model artifacts of a decoded model file (weights and a binary topology copied into owned buffers). */
export function toModelArtifacts(decoded: DecodedModelFile): ModelArtifacts {
  const artifacts: ModelArtifacts = { ...decoded.artifacts, weightSpecs: [...decoded.weightSpecs] };
  if (decoded.modelTopology) artifacts.modelTopology = decoded.modelTopology;
  if (decoded.topologyBytes) artifacts.modelTopology = decoded.topologyBytes.slice().buffer as ArrayBuffer;
  let total = 0;
  for (const w of decoded.weights) total += w.byteLength;
  const joined = new Uint8Array(total);
  let at = 0;
  for (const w of decoded.weights) {
    joined.set(w, at);
    at += w.byteLength;
  }
  artifacts.weightData = joined.buffer;
  return artifacts;
}
