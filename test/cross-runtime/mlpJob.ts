/**
 * The runtime-neutral half of the cross-runtime MLP matrix. Saving: build the MXNet seed's MLP with
 * the portable weights of mlpData.ts on tfjs's cpu backend, predict ones(1, 100) and the fixed rows,
 * then save it three ways through Ferry's format — a Pipeline holding a {@link TfjsModelStep} (full
 * dump through the step savers), `saveParameters`, and `model.save(ferryHandler(...))` — and return
 * the files' bytes (base64). Loading: fill a storage with a dump carried from another runtime, load it
 * the three ways and predict again. Every prediction and weight set travels as hex of its raw bytes
 * (bit-exact). Imports only `ferryml`, `ferryml/tfjs` (the BUILT package outside Node's tsx) and tfjs.
 */
import * as tf from '@tensorflow/tfjs';
import { ExecutionContext, type NDArray, Pipeline, type StorageAdapter } from 'ferryml';
import { ferryHandler, loadParameters, saveParameters, TfjsModelStep } from 'ferryml/tfjs';
import { buildSeedMlp } from '../../examples/tfjs/mlp.ts';
import { MLP_INPUTS, MLP_ROWS, mlpRows, mlpWeights } from './mlpData.ts';

/** Name of the saved pipeline (its dump's top folder). */
export const MLP_PIPELINE = 'mlp_pipeline';
/** Where `saveParameters` writes. */
export const MLP_PARAMS = 'mlp_params/net.params';
/** Where `ferryHandler` writes the whole model. */
export const MLP_MODEL = 'mlp_model/mlp.ferry';
const PREFIXES = [MLP_PIPELINE, 'mlp_params', 'mlp_model'];

/** A dump carried between runtimes: storage key → base64 of the bytes. */
export type MlpFiles = Record<string, string>;

/** Predictions as hex of their float32 bytes. */
export interface MlpOutputs {
  /** On ones(1, 100). */
  readonly ones: string;
  /** On the {@link MLP_ROWS} fixed rows, one batch. */
  readonly rows: string;
}

/** What the saving runtime computed and wrote. */
export interface MlpSaved {
  readonly files: MlpFiles;
  /** The model's own predictions before saving. */
  readonly direct: MlpOutputs;
  /** SHA-256 (hex) of the bytes of every weight, in tfjs's order. */
  readonly weights: string;
}

/** What one load of a dump predicts, for each of the three ways back. */
export interface MlpLoaded {
  /** Class name of what `ExecutionContext.load` returned. */
  readonly loadedClass: string;
  readonly pipeline: MlpOutputs;
  readonly params: MlpOutputs;
  readonly handler: MlpOutputs;
  /** Weight digests of the model each way rebuilt. */
  readonly weights: { readonly pipeline: string; readonly params: string; readonly handler: string };
}

/** One runtime's job: save a dump, and/or load dumps saved elsewhere. */
export interface MlpJob {
  readonly save?: boolean;
  /** Dumps to load: the saving runtime's name → its files. */
  readonly load?: Record<string, MlpFiles>;
}

/** What a runtime answers to an {@link MlpJob}. */
export interface MlpResult {
  readonly runtime: string;
  /** Class name of the storage the runtime used (its natural one). */
  readonly storage: string;
  /** tfjs's backend while the job ran. */
  readonly backend: string;
  readonly saved?: MlpSaved;
  /** Saving runtime's name → what this runtime predicts from that dump. */
  readonly loaded: Record<string, MlpLoaded>;
}

/** Hex of the bytes of a typed array (its own bytes only). */
function hexOf(a: ArrayBufferView): string {
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The two inputs as tensors (caller disposes). */
function inputs(): { ones: tf.Tensor2D; rows: tf.Tensor2D } {
  return { ones: tf.ones([1, MLP_INPUTS]), rows: tf.tensor2d(mlpRows(), [MLP_ROWS, MLP_INPUTS], 'float32') };
}

async function predict(model: tf.LayersModel): Promise<MlpOutputs> {
  const x = inputs();
  const run = async (t: tf.Tensor) => {
    const y = model.predict(t) as tf.Tensor;
    const data = (await y.data()) as Float32Array;
    y.dispose();
    return hexOf(data);
  };
  try {
    return { ones: await run(x.ones), rows: await run(x.rows) };
  } finally {
    x.ones.dispose();
    x.rows.dispose();
  }
}

async function predictPipeline(pipeline: Pipeline): Promise<MlpOutputs> {
  const x = inputs();
  try {
    const ones = (await pipeline.transform(x.ones)) as NDArray;
    const rows = (await pipeline.transform(x.rows)) as NDArray;
    return { ones: hexOf(ones.data), rows: hexOf(rows.data) };
  } finally {
    x.ones.dispose();
    x.rows.dispose();
  }
}

async function weightDigest(model: tf.LayersModel): Promise<string> {
  const parts = await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
  const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    all.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return hexOf(new Uint8Array(await crypto.subtle.digest('SHA-256', all)));
}

/** The seed MLP holding the portable weights. */
export function buildMatrixMlp(): tf.Sequential {
  const net = buildSeedMlp({ seed: 1 });
  net.setWeights(mlpWeights().map((w) => tf.tensor(w.values, [...w.shape], 'float32')));
  return net;
}

/** Builds the MLP, predicts, saves it the three ways into `storage`, and returns the files. */
export async function buildAndSave(storage: StorageAdapter): Promise<MlpSaved> {
  const net = buildMatrixMlp();
  const direct = await predict(net);
  const weights = await weightDigest(net);
  const pipeline = new Pipeline([new TfjsModelStep({ model: net, fitted: true })]).setName(MLP_PIPELINE);
  await pipeline.save(new ExecutionContext(storage), { fullDump: true });
  await saveParameters(net, storage, MLP_PARAMS);
  await net.save(ferryHandler(storage, MLP_MODEL));
  const files: MlpFiles = {};
  for (const prefix of PREFIXES) {
    for (const key of await storage.list(prefix)) files[key] = toBase64(await storage.read(key));
  }
  return { files, direct, weights };
}

/** Writes a carried dump into `storage` (e.g. fills IndexedDB from the bytes). */
export async function fillStorage(storage: StorageAdapter, files: MlpFiles): Promise<void> {
  for (const [key, b64] of Object.entries(files)) await storage.write(key, fromBase64(b64));
}

/** Loads the three saved forms from `storage` and predicts with each. */
export async function loadAndPredict(storage: StorageAdapter): Promise<MlpLoaded> {
  const loaded = await new ExecutionContext(storage).load(MLP_PIPELINE);
  const pipeline = loaded as Pipeline;
  const step = pipeline.getStep('TfjsModelStep') as TfjsModelStep;
  if (!step.model) throw new Error(`the loaded ${MLP_PIPELINE} holds no tfjs model`);
  // A fresh MLP with other (tfjs-initialised) weights, overwritten by the parameters file.
  const fresh = buildSeedMlp({ seed: 2 });
  await loadParameters(fresh, storage, MLP_PARAMS);
  const reloaded = await tf.loadLayersModel(ferryHandler(storage, MLP_MODEL));
  return {
    loadedClass: loaded.constructor.name,
    pipeline: await predictPipeline(pipeline),
    params: await predict(fresh),
    handler: await predict(reloaded),
    weights: {
      pipeline: await weightDigest(step.model),
      params: await weightDigest(fresh),
      handler: await weightDigest(reloaded),
    },
  };
}

/**
 * Runs a job on tfjs's cpu backend with storages from `makeStorage(label)` (a fresh, empty one per
 * label: the runtime's `defaultStorage` in a temp folder, or an IndexedDB database).
 */
export async function runMlpJob(
  job: MlpJob,
  makeStorage: (label: string) => Promise<StorageAdapter>,
  runtime: string,
): Promise<MlpResult> {
  tf.env().set('PROD', true);
  if (!(await tf.setBackend('cpu'))) throw new Error(`tfjs's cpu backend did not start in ${runtime}`);
  let storageClass = '';
  let saved: MlpSaved | undefined;
  if (job.save) {
    const s = await makeStorage('save');
    storageClass = s.constructor.name;
    saved = await buildAndSave(s);
  }
  const loaded: Record<string, MlpLoaded> = {};
  for (const [from, files] of Object.entries(job.load ?? {})) {
    const s = await makeStorage(`load-${from}`);
    storageClass = s.constructor.name;
    await fillStorage(s, files);
    loaded[from] = await loadAndPredict(s);
  }
  return { runtime, storage: storageClass, backend: tf.getBackend(), saved, loaded };
}
