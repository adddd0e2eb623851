/**
 * The runtime-neutral half of the scikit-learn test: load packs written by `ferryml.sklearn.export` (Python) with
 * `PackStorage`, and compute what scikit-learn's methods compute — `predict`, `predict_proba`, `decision_function`,
 * `transform` — with Ferry's own steps. Imports only `ferryml` (the BUILT package in Deno, Bun and workerd).
 */
import {
  type BaseStep,
  ExecutionContext,
  KMeans,
  LinearRegression,
  LogisticRegression,
  MinMaxScaler,
  type NDArray,
  PackStorage,
  PCA,
  Pipeline,
  Ridge,
  StandardScaler,
} from 'ferryml';

/** The built package's classes a loaded model may be an instance of. */
const CLASSES = { Pipeline, StandardScaler, MinMaxScaler, LinearRegression, Ridge, LogisticRegression, PCA, KMeans };

function classOf(model: BaseStep): string {
  for (const [name, cls] of Object.entries(CLASSES)) if (model instanceof cls) return name;
  return 'unknown';
}

/** One model: its pack (base64), the rows to run, and the scikit-learn methods to mirror. */
export interface ModelJob {
  readonly pack: string;
  readonly inputs: number[][];
  readonly ops: readonly Op[];
}

/** The scikit-learn methods the test compares. */
export type Op = 'predict' | 'predict_proba' | 'decision_function' | 'transform';

/** What Ferry computed: numbers (row-major, with their shape) or labels (strings or numbers). */
export type OpResult =
  | { readonly kind: 'numbers'; readonly shape: readonly number[]; readonly values: number[] }
  | { readonly kind: 'labels'; readonly values: Array<string | number> };

/** Per model, the loaded root's class (`Pipeline`, `KMeans`…) and each op's result (or the error it raised). */
export type JobResult = Record<string, { loadedClass: string; ops: Record<string, OpResult | { error: string }> }>;

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function isNDArray(v: unknown): v is NDArray {
  return typeof v === 'object' && v !== null && 'dtype' in v && 'shape' in v && 'data' in v;
}

function result(out: unknown): OpResult {
  if (Array.isArray(out)) return { kind: 'labels', values: out as string[] };
  if (isNDArray(out))
    return { kind: 'numbers', shape: [...out.shape], values: Array.from(out.data as Float64Array, Number) };
  throw new Error(`unexpected output ${Object.prototype.toString.call(out)}`);
}

/** The loaded model as scikit-learn sees it: the steps before the last (transforms) and the last step. */
function split(model: BaseStep): { before: BaseStep[]; last: BaseStep } {
  if (model instanceof Pipeline && model.steps.length > 0)
    return { before: model.steps.slice(0, -1), last: model.steps[model.steps.length - 1] };
  return { before: [], last: model };
}

async function run(model: BaseStep, op: Op, inputs: number[][]): Promise<OpResult> {
  const { before, last } = split(model);
  let x: unknown = inputs;
  for (const step of before) x = await step.transform(x);
  const rows = x as number[][];
  // Told apart by their methods, not class names (which a minified bundle may change).
  const isKMeans = 'transformDistances' in last;
  if (op === 'predict') return result(await (last as LogisticRegression | KMeans | LinearRegression).predict(rows));
  if (op === 'predict_proba') return result(await (last as LogisticRegression).predictProba(rows));
  if (op === 'decision_function') return result(await (last as LogisticRegression).decisionFunction(rows));
  if (isKMeans) return result(await (last as KMeans).transformDistances(rows));
  return result(await last.transform(rows));
}

/** Loads every pack and runs its ops. */
export async function runModelJobs(jobs: Record<string, ModelJob>): Promise<JobResult> {
  const out: JobResult = {};
  for (const [name, job] of Object.entries(jobs)) {
    const storage = new PackStorage(fromBase64(job.pack));
    const model = await new ExecutionContext(storage).load(await storage.root());
    const ops: Record<string, OpResult | { error: string }> = {};
    for (const op of job.ops) {
      try {
        ops[op] = await run(model, op, job.inputs);
      } catch (error) {
        ops[op] = { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
      }
    }
    out[name] = { loadedClass: classOf(model), ops };
  }
  return out;
}
