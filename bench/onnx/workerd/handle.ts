/**
 * The one request handler both workerd workers of the ONNX comparison share, so that they differ only in the
 * library: `POST` `{"inputs": [[...], ...]}` answers `{"labels": [...], "values": [...], "cols": k}` (values
 * row-major: probabilities for the classifiers) with a `Server-Timing` header (`load;dur=` on the request that
 * loaded the model, `predict;dur=`). Errors are 500s with the message: these workers serve benchmarks and tests.
 */
import type { Predictor } from '../predictor.ts';

/** A handler that loads the model on its first request (again after a failed load). */
export function predictHandler(load: () => Promise<Predictor>): (request: Request) => Promise<Response> {
  let model: Promise<Predictor> | undefined;
  return async (request) => {
    try {
      const { inputs } = (await request.json()) as { inputs: number[][] };
      const rows = inputs.length;
      const x = Float64Array.from(inputs.flat());
      const t0 = performance.now();
      const loading = model === undefined;
      if (model === undefined) {
        const p = load();
        model = p;
        p.catch(() => {
          if (model === p) model = undefined;
        });
      }
      const predictor = await model;
      const t1 = performance.now();
      const out = await predictor.predict(x, rows);
      const timing = `${loading ? `load;dur=${(t1 - t0).toFixed(3)}, ` : ''}predict;dur=${(performance.now() - t1).toFixed(3)}`;
      const body = JSON.stringify({ labels: Array.from(out.labels), values: Array.from(out.values), cols: out.cols });
      return new Response(body, { headers: { 'content-type': 'application/json', 'server-timing': timing } });
    } catch (error) {
      return new Response(error instanceof Error ? `${error.message}\n${error.stack}` : String(error), { status: 500 });
    }
  };
}
