/**
 * Per-request latency of predictors, measured the same way in Node and in the Chromium pages (whose clock ticks
 * in 0.1 ms without cross-origin isolation, too coarse for one request): requests of `rows` rows (the same input
 * batch, a new output each time) are timed in blocks, a block's time divided by its requests; the result is the
 * median over the blocks. Blocks alternate across the predictors, so that a busy moment of the machine hits all.
 * Each predictor first runs for {@link WARMUP_MS} unmeasured (JIT tiers, wasm tier-up, buffer pools).
 */
import { median } from '../timing.ts';
import { cycleRows, type Predictor } from './predictor.ts';

/** Unmeasured time each predictor runs before the blocks. */
export const WARMUP_MS = 300;

/** Median ms per request for each predictor, in the order given: `blocks` blocks of `perBlock` requests each. */
export async function interleavedLatency(
  predictors: readonly Predictor[],
  x: Float64Array,
  features: number,
  rows: number,
  perBlock: number,
  blocks = 15,
): Promise<number[]> {
  const batch = cycleRows(x, features, rows);
  const times: number[][] = predictors.map(() => []);
  for (const p of predictors) {
    const end = performance.now() + WARMUP_MS;
    for (let i = 0; i < perBlock || performance.now() < end; i++) await p.predict(batch, rows);
  }
  for (let b = 0; b < blocks; b++) {
    for (let k = 0; k < predictors.length; k++) {
      const t0 = performance.now();
      for (let i = 0; i < perBlock; i++) await predictors[k].predict(batch, rows);
      times[k].push((performance.now() - t0) / perBlock);
    }
  }
  return times.map(median);
}
