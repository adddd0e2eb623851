/**
 * The page side of the Chromium measurements: loads the page's model, predicts the row given in the URL
 * (`?features=d&row=[...]`), and records `performance.now()` at that first answer — the cold start from navigation
 * (HTML, script, wasm and model fetched from 127.0.0.1, compiled, loaded) to the first prediction. Then exposes
 * `globalThis.__onnxPage` for the benchmark and the test (`page.evaluate`), and sets the title to `ready`.
 */
import { interleavedLatency } from '../latency.ts';
import type { Predictor } from '../predictor.ts';

/** What the page exposes. */
export interface OnnxPage {
  /** ms from navigation start to the first prediction. */
  readonly coldStartMs: number;
  /** The outputs on `x` (row-major, `rows` rows), as plain arrays. */
  run(x: number[], rows: number): Promise<{ labels: number[]; values: number[]; cols: number }>;
  /** Median ms per request of `rows` rows cycled from `x` (blocks of `perBlock` requests, see latency.ts). */
  latency(x: number[], rows: number, perBlock: number): Promise<number>;
}

declare global {
  var __onnxPage: OnnxPage | undefined;
}

/** Starts the page with `load(features)`; a failure goes to the title (`failed: …`). */
export async function startPage(load: (features: number) => Promise<Predictor>): Promise<void> {
  try {
    const params = new URLSearchParams(location.search);
    const features = Number(params.get('features'));
    const row = Float64Array.from(JSON.parse(params.get('row') ?? '[]') as number[]);
    const predictor = await load(features);
    await predictor.predict(row, 1);
    const coldStartMs = performance.now();
    globalThis.__onnxPage = {
      coldStartMs,
      async run(x, rows) {
        const out = await predictor.predict(Float64Array.from(x), rows);
        return { labels: Array.from(out.labels), values: Array.from(out.values), cols: out.cols };
      },
      async latency(x, rows, perBlock) {
        return (await interleavedLatency([predictor], Float64Array.from(x), features, rows, perBlock))[0];
      },
    };
    document.title = 'ready';
  } catch (error) {
    document.title = `failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}
