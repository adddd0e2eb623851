/**
 * The files bench/onnx/make_onnx.py writes (bench/onnx/models/): scikit-learn's reference outputs, the ONNX graphs
 * and the Ferry dumps, and the cases as the comparison uses them. Node only (reads files).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OrtPrecision } from './ortPredictor.ts';
import type { CaseKind, ExpectedOutputs } from './predictor.ts';

/** bench/onnx/models/, where make_onnx.py writes by default. */
export const MODELS_DIR = fileURLToPath(new URL('./models/', import.meta.url));
/** The storage root of the Ferry dumps (one dump per case, named as the case). */
export const FERRY_ROOT = join(MODELS_DIR, 'ferry');
/** The case of the README table: StandardScaler + LogisticRegression on breast_cancer (binary, 30 features). */
export const TABLE_CASE = 'breast_cancer_logreg';

/** One case of reference.json, as make_onnx.py writes it. */
export interface ReferenceCase {
  readonly name: string;
  readonly kind: CaseKind;
  readonly dataset: string;
  readonly steps: readonly string[];
  readonly X: readonly (readonly number[])[];
  readonly classes?: readonly number[];
  readonly predict: readonly number[];
  readonly predict_proba?: readonly (readonly number[])[];
  readonly transform?: readonly (readonly number[])[];
}

/** reference.json. */
export interface Reference {
  readonly versions: { readonly sklearn: string; readonly numpy: string; readonly onnx: string };
  readonly cases: readonly ReferenceCase[];
}

/** A case ready to run: its rows flattened, scikit-learn's outputs, and where its models are. */
export interface OnnxCase {
  readonly name: string;
  readonly kind: CaseKind;
  readonly dataset: string;
  readonly steps: readonly string[];
  readonly rows: number;
  readonly features: number;
  /** Row-major float64 rows. */
  readonly x: Float64Array;
  readonly expected: ExpectedOutputs;
  onnxPath(precision: OrtPrecision): string;
}

function flat(rows: readonly (readonly number[])[]): Float64Array {
  return Float64Array.from(rows.flat());
}

/** Reads reference.json from `dir` (default {@link MODELS_DIR}). */
export function readReference(dir = MODELS_DIR): Reference {
  return JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as Reference;
}

/** The cases of reference.json, ready to run. */
export function loadCases(dir = MODELS_DIR): OnnxCase[] {
  return readReference(dir).cases.map((c) => {
    const values =
      c.kind === 'classifier' ? c.predict_proba : c.kind === 'kmeans' ? c.transform : c.predict.map((v) => [v]);
    if (!values) throw new Error(`reference case ${c.name} has no outputs`);
    return {
      name: c.name,
      kind: c.kind,
      dataset: c.dataset,
      steps: c.steps,
      rows: c.X.length,
      features: c.X[0].length,
      x: flat(c.X),
      expected: {
        labels: c.kind === 'regressor' ? new Float64Array(0) : Float64Array.from(c.predict),
        values: flat(values),
        cols: values[0].length,
      },
      onnxPath: (precision) => join(dir, `${c.name}.${precision === 'float32' ? 'f32' : 'f64'}.onnx`),
    };
  });
}

/** The case named `name`. */
export function loadCase(name: string, dir = MODELS_DIR): OnnxCase {
  const c = loadCases(dir).find((x) => x.name === name);
  if (!c) throw new Error(`no case ${name} in ${dir}/reference.json`);
  return c;
}
