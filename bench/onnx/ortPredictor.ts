/**
 * onnxruntime-web's side of the ONNX comparison: an InferenceSession on one of make_onnx.py's graphs as a
 * {@link Predictor}. The caller passes the `onnxruntime-web` module its runtime imports (Node: the package's node
 * build; Chromium and workerd: `onnxruntime-web/wasm`), so this file imports nothing at run time.
 *
 * The `.f32.onnx` graphs (sklearn-onnx's default: `ai.onnx.ml` Scaler, LinearClassifier, LinearRegressor) take
 * float32 rows and compute in float32: the float64 rows are converted per request, as a caller holding float64
 * data must. The `.f64.onnx` graphs take the float64 rows as they are.
 */
import type * as Ort from 'onnxruntime-web';
import type { Predictor } from './predictor.ts';

/** The element type of a graph's input `X`. */
export type OrtPrecision = 'float32' | 'float64';

/** Output names make_onnx.py gives each kind of graph: labels, then the values beside them. */
const VALUE_OUTPUTS = ['probabilities', 'distances', 'variable'] as const;

function toFloat64(data: unknown): Float64Array {
  if (data instanceof Float64Array) return data;
  if (data instanceof BigInt64Array) return Float64Array.from(data, Number);
  return Float64Array.from(data as ArrayLike<number>);
}

/** One thread (Ferry's kernels use one), WebAssembly execution provider. */
export function configureOrt(ort: typeof Ort): void {
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
}

/** Creates the session (compiling onnxruntime's wasm on the first call in a process) and wraps it. */
export async function ortPredictor(
  ort: typeof Ort,
  model: Uint8Array,
  precision: OrtPrecision,
  features: number,
): Promise<Predictor> {
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
  const valueName = VALUE_OUTPUTS.find((n) => session.outputNames.includes(n));
  if (!valueName) throw new Error(`the graph has none of the outputs ${VALUE_OUTPUTS.join(', ')}`);
  const hasLabels = session.outputNames.includes('label');
  return {
    async predict(x, rows) {
      const data = precision === 'float32' ? Float32Array.from(x) : x;
      const input = new ort.Tensor(precision, data, [rows, features]);
      const out = await session.run({ X: input });
      const values = out[valueName];
      const result = {
        labels: hasLabels ? toFloat64(out.label.data) : new Float64Array(0),
        values: toFloat64(values.data),
        cols: values.dims[1] ?? 1,
      };
      input.dispose();
      for (const t of Object.values(out)) t.dispose();
      return result;
    },
  };
}
