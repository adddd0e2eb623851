/**
 * Ferry's side of the ONNX comparison: a loaded dump (a Pipeline ending in a LogisticRegression, a KMeans or a
 * Ridge, as bench/onnx/make_onnx.py writes them) as a {@link Predictor} returning what scikit-learn's
 * `predict_proba` + `predict`, `transform` + `predict`, or `predict` return. Runs wherever `ferryml` does.
 */
import { type BaseStep, KMeans, LogisticRegression, NDArray, Pipeline, Ridge } from 'ferryml';
import type { Predictor } from './predictor.ts';

function float64(a: NDArray | string[]): Float64Array {
  if (Array.isArray(a)) throw new Error('string labels are not used by these cases');
  return a.data instanceof Float64Array ? a.data : Float64Array.from(a.data as ArrayLike<number>, Number);
}

/** Wraps a step loaded with `ExecutionContext.load` (every Ferry call a user would make: no shortcut). */
export function ferryPredictor(step: BaseStep, features: number): Predictor {
  if (step instanceof Pipeline) {
    const last = step.steps.at(-1);
    if (!(last instanceof LogisticRegression)) throw new Error(`pipeline ${step.name} does not end in a classifier`);
    const before = step.steps.slice(0, -1);
    const k = (last.classes ?? []).length;
    return {
      async predict(x, rows) {
        let h: unknown = new NDArray('float64', [rows, features], x);
        for (const s of before) h = await s.transform(h);
        const input = h as NDArray;
        const proba = await last.predictProba(input);
        const labels = await last.predict(input);
        return { labels: float64(labels), values: float64(proba), cols: k };
      },
    };
  }
  if (step instanceof KMeans) {
    const k = (step.clusterCenters as NDArray).shape[0];
    return {
      async predict(x, rows) {
        const input = new NDArray('float64', [rows, features], x);
        const distances = await step.transformDistances(input);
        const labels = await step.predict(input);
        return { labels: float64(labels), values: float64(distances), cols: k };
      },
    };
  }
  if (step instanceof Ridge) {
    return {
      async predict(x, rows) {
        const out = await step.predict(new NDArray('float64', [rows, features], x));
        return { labels: new Float64Array(0), values: float64(out), cols: 1 };
      },
    };
  }
  throw new Error(`no predictor for ${step.constructor.name}`);
}
