/**
 * The runtime-neutral half of the cross-runtime matrix: fit and save the Neuraxle seed pipeline into a
 * storage, carry a dump's bytes between runtimes (base64 JSON), load a dump and print its predictions
 * as hex of the raw Float64Array bytes (bit-exact). Imports only `ferryml` (the BUILT package outside
 * Node) and the seed's custom step module.
 */
import { ExecutionContext, type LogisticRegression, type NDArray, type Pipeline, type StorageAdapter } from 'ferryml';
import { buildSeedPipeline as buildSeedPipelineOf } from '../../examples/seed/seedPipeline.ts';

/** The pipeline's name, and its dump's top folder. */
export const SEED_NAME = 'saved_pipeline_name';
const X = [[0], [1], [2], [3]];
const Y = [[0], [2], [4], [6]];
/** Inputs the loaded pipelines predict on: the training rows and points between and beyond them. */
const GRID = [[-1], [0], [0.25], [0.5], [1], [1.5], [2], [2.5], [3], [3.75], [5]];

/** A dump carried between runtimes: storage key → base64 of the bytes. */
export type DumpFiles = Record<string, string>;

/** What one load of a dump predicts, as hex of the raw bytes. */
export interface Prediction {
  /** Class name of the loaded object. */
  readonly loadedClass: string;
  /** `pipeline.transform(GRID)` (labels). */
  readonly labels: string;
  /** The loaded LogisticRegression's `predictProba(GRID)`. */
  readonly proba: string;
  /** Its `coef` then `intercept`. */
  readonly params: string;
}

function buildSeedPipeline(): Pipeline {
  return buildSeedPipelineOf(SEED_NAME);
}

/** Hex of the bytes of a typed array (its own bytes only). */
export function hexOf(a: ArrayBufferView): string {
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

/** Fits the seed pipeline, saves a full dump into `storage`, and returns the dump's files. */
export async function fitAndSave(storage: StorageAdapter): Promise<DumpFiles> {
  const pipeline = buildSeedPipeline();
  await pipeline.fit(X, Y);
  await pipeline.save(new ExecutionContext(storage), { fullDump: true });
  const files: DumpFiles = {};
  for (const key of await storage.list(SEED_NAME)) files[key] = toBase64(await storage.read(key));
  return files;
}

/** Writes a carried dump into `storage` (e.g. fills IndexedDB from the bytes). */
export async function fillStorage(storage: StorageAdapter, files: DumpFiles): Promise<void> {
  for (const [key, b64] of Object.entries(files)) await storage.write(key, fromBase64(b64));
}

/** Loads the seed dump from `storage` without its source code and predicts on the grid. */
export async function loadAndPredict(storage: StorageAdapter): Promise<Prediction> {
  const loaded = await new ExecutionContext(storage).load(SEED_NAME);
  const pipeline = loaded as Pipeline;
  const lr = pipeline.getStep('LogisticRegression') as LogisticRegression;
  const labels = (await pipeline.transform(GRID)) as NDArray;
  const proba = await lr.predictProba(GRID);
  const coef = lr.coef as NDArray;
  const intercept = lr.intercept as NDArray;
  return {
    loadedClass: loaded.constructor.name,
    labels: hexOf(labels.data),
    proba: hexOf(proba.data),
    params: hexOf(coef.data) + hexOf(intercept.data),
  };
}

/** One runtime's job in the matrix: save a dump, and/or load dumps saved elsewhere. */
export interface MatrixJob {
  readonly save?: boolean;
  /** Dumps to load: the saving runtime's name → its files. */
  readonly load?: Record<string, DumpFiles>;
}

/** What a runtime answers to a {@link MatrixJob}. */
export interface MatrixResult {
  /** Class name of the runtime's default storage (the natural one from its entry file). */
  readonly storage: string;
  readonly runtime: string;
  readonly saved?: DumpFiles;
  /** Saving runtime's name → what this runtime predicts with that dump. */
  readonly predictions: Record<string, Prediction>;
}

/**
 * Runs a job with storages from `makeStorage(label)` (a fresh, empty one per label: the runtime's
 * `defaultStorage` in a temp folder, or an IndexedDB database).
 */
export async function runMatrixJob(
  job: MatrixJob,
  makeStorage: (label: string) => Promise<StorageAdapter>,
  runtime: string,
): Promise<MatrixResult> {
  let storageClass = '';
  let saved: DumpFiles | undefined;
  if (job.save) {
    const s = await makeStorage('save');
    storageClass = s.constructor.name;
    saved = await fitAndSave(s);
  }
  const predictions: Record<string, Prediction> = {};
  for (const [from, files] of Object.entries(job.load ?? {})) {
    const s = await makeStorage(`load-${from}`);
    storageClass = s.constructor.name;
    await fillStorage(s, files);
    predictions[from] = await loadAndPredict(s);
  }
  return { storage: storageClass, runtime, saved, predictions };
}
