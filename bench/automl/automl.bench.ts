/**
 * AutoML trials per second: the same random search (StandardScaler → LogisticRegression, C and withStd sampled, 3-fold
 * validation on 12,000 × 16 rows, 16 trials) in this thread, on 1 worker and on 2 workers, in the same run. Reported
 * two ways: over the whole call (worker start-up and the data's copy to each worker included), and in steady state
 * (trials finished after the first one, over the time since it finished). Every run records the same trials.
 * Run alone: npm run bench automl
 */
import { loadavg } from 'node:os';
import {
  AutoML,
  BooleanDistribution,
  KFoldSplitter,
  LogisticRegression,
  LogUniform,
  NDArray,
  Pipeline,
  StandardScaler,
} from 'ferryml';

const N = 12_000;
const D = 16;
const TRIALS = 16;

function data(): { x: NDArray; y: NDArray } {
  const x = new Float64Array(N * D);
  const y = new Float64Array(N);
  let s = 3;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  for (let i = 0; i < N; i++) {
    let z = 0;
    for (let j = 0; j < D; j++) {
      const v = u() * 4 - 2;
      x[i * D + j] = v * (j + 1);
      z += (j % 3 === 0 ? 1 : -0.5) * v;
    }
    y[i] = z + u() - 0.5 > 0 ? 1 : 0;
  }
  return { x: new NDArray('float64', [N, D], x), y: NDArray.fromTyped(y) };
}

/** Runs the benchmark; returns trials/s (whole call, steady state) per number of workers. */
export async function runAutoMLBench(): Promise<Record<number, { whole: number; steady: number }>> {
  const loadAtStart = loadavg()[0];
  const { x, y } = data();
  const out: Record<number, { whole: number; steady: number }> = {};
  let reference: string | undefined;
  for (const workers of [0, 1, 2]) {
    const finished: number[] = [];
    const t0 = performance.now();
    const result = await new AutoML({
      pipeline: new Pipeline([
        new StandardScaler({ space: { withStd: new BooleanDistribution() } }),
        new LogisticRegression({ space: { C: new LogUniform(0.001, 100) } }),
      ]).setName('bench'),
      metric: 'accuracy',
      validation: new KFoldSplitter({ k: 3 }),
      nTrials: TRIALS,
      seed: 1,
      workers,
      refit: false,
      keepBestModel: false,
      onTrial: () => finished.push(performance.now()),
    }).fit(x, y);
    const whole = (TRIALS / (performance.now() - t0)) * 1000;
    const steady = ((finished.length - 1) / (finished[finished.length - 1] - finished[0])) * 1000;
    out[workers] = { whole, steady };
    const scores = JSON.stringify(result.trials.map((t) => t.scores));
    reference ??= scores;
    if (scores !== reference) throw new Error(`the run on ${workers} workers recorded other scores`);
  }
  const loadAtEnd = loadavg()[0];
  console.log(
    `\nAutoML: ${TRIALS} trials, 3-fold, ${N.toLocaleString('en-US')} × ${D}, StandardScaler → LogisticRegression`,
  );
  for (const [workers, r] of Object.entries(out)) {
    const label = workers === '0' ? 'in this thread' : `${workers} worker${workers === '1' ? '' : 's'}`;
    console.log(
      `  ${label.padEnd(15)} ${r.whole.toFixed(1)} trials/s over the whole call, ${r.steady.toFixed(1)} trials/s in steady state`,
    );
  }
  console.log(
    `  2 workers / 1 worker: ${(out[2].steady / out[1].steady).toFixed(2)}× steady, ${(out[2].whole / out[1].whole).toFixed(2)}× whole; same trials recorded by every run`,
  );
  console.log(
    `  1-minute load average ${loadAtStart.toFixed(2)} at the start, ${loadAtEnd.toFixed(2)} at the end` +
      (Math.max(loadAtStart, loadAtEnd) > 0.5 ? ': other work shared the cores, figures are provisional' : ''),
  );
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await runAutoMLBench();
