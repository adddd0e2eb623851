/**
 * StandardScaler fit + transform on 1,000,000 × 16 f64: Ferry's step (WASM SIMD column kernels, copies in and out
 * included) vs a plain JS loop computing the same thing, in the same run. Target: ≥ 3× the JS loop.
 * Run alone: node --import tsx bench/kernels/scaler.bench.ts
 */
import { NDArray } from 'ferryml';
import { StandardScaler } from '../../src/steps/StandardScaler.ts';
import { median, ms, timeRuns } from '../timing.ts';

const N = 1_000_000;
const D = 16;

/** Two-pass mean / population variance, then (x − mean) / std into `out`: the loop a user would write. */
function jsStandardize(x: Float64Array, out: Float64Array = new Float64Array(N * D)): Float64Array {
  const mean = new Float64Array(D);
  const vr = new Float64Array(D);
  for (let i = 0; i < N; i++) for (let j = 0; j < D; j++) mean[j] += x[i * D + j];
  for (let j = 0; j < D; j++) mean[j] /= N;
  for (let i = 0; i < N; i++)
    for (let j = 0; j < D; j++) {
      const t = x[i * D + j] - mean[j];
      vr[j] += t * t;
    }
  const std = vr.map((v) => Math.sqrt(v / N) || 1);
  for (let i = 0; i < N; i++) for (let j = 0; j < D; j++) out[i * D + j] = (x[i * D + j] - mean[j]) / std[j];
  return out;
}

/**
 * Runs the benchmark in two modes: allocating a new output (both sides pay ~60 ms of page faults for 128 MB of fresh
 * memory) and in place (`copy: false`, the loop writes back into its input). Returns Ferry's speed-ups.
 */
export async function runScalerBench(
  runs = 7,
): Promise<{ ferry: number; js: number; ratio: number; inPlaceRatio: number }> {
  const x = new Float64Array(N * D);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.37) * (1 + (i % D));
  const X = new NDArray('float64', [N, D], x);
  let ferryOut: NDArray | undefined;
  const ferry = median(
    await timeRuns(async () => {
      ferryOut = (await new StandardScaler().fitTransform(X)) as NDArray;
    }, runs),
  );
  let jsOut: Float64Array = new Float64Array(0);
  const js = median(
    await timeRuns(() => {
      jsOut = jsStandardize(x);
    }, runs),
  );
  let err = 0;
  for (let i = 0; i < jsOut.length; i += 9973) err = Math.max(err, Math.abs(jsOut[i] - (ferryOut?.data[i] as number)));
  if (!(err < 1e-9)) throw new Error(`scaler.bench: Ferry and the JS loop disagree (${err})`);
  const ratio = js / ferry;
  // In place: each run works on a fresh copy of x made outside the timed region.
  const work = new Float64Array(N * D);
  const inPlaceFerry: number[] = [];
  const inPlaceJs: number[] = [];
  for (let r = 0; r < runs + 1; r++) {
    work.set(x);
    let t0 = performance.now();
    await new StandardScaler({ hyperparams: { copy: false } }).fitTransform(new NDArray('float64', [N, D], work));
    const f = performance.now() - t0;
    work.set(x);
    t0 = performance.now();
    jsStandardize(work, work);
    const j = performance.now() - t0;
    if (r > 0) {
      inPlaceFerry.push(f);
      inPlaceJs.push(j);
    }
  }
  const inPlaceRatio = median(inPlaceJs) / median(inPlaceFerry);
  console.log(`scaler.bench — StandardScaler fit+transform ${N.toLocaleString('en')} × ${D} f64 (median of ${runs})`);
  console.log(
    `  new output:  Ferry (WASM SIMD, incl. copies) ${ms(ferry)}  plain JS loop ${ms(js)}  → ${ratio.toFixed(2)}×`,
  );
  console.log(
    `  in place:    Ferry (copy: false)             ${ms(median(inPlaceFerry))}  plain JS loop ${ms(median(inPlaceJs))}  → ${inPlaceRatio.toFixed(2)}×`,
  );
  console.log(
    '  (target ≥ 3×; allocating 128 MB of fresh output memory costs both sides the same ~60 ms of page faults)',
  );
  return { ferry, js, ratio, inPlaceRatio };
}

if (import.meta.url === `file://${process.argv[1]}`) await runScalerBench();
