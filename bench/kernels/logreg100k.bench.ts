/**
 * LogisticRegression l2 (lbfgs-like) and l1 (liblinear objective) on ../shared/fixtures/logreg-100k (100,000 × 32):
 * fit time and test accuracy of Ferry's step vs the JS peers a user would pick — a tfjs dense(1, sigmoid) model on the
 * wasm backend (10 epochs, batch 1024, Adam) and ml-logistic-regression (capped run, per-step cost) — with
 * scikit-learn's figures from the data set's reference.json. All measured in this run on one thread.
 * Targets: l2 fit ≤ scikit-learn lbfgs, ≥ 10× faster than tfjs; l1 fit ≤ ½ liblinear; accuracy within 0.5 points.
 * Run alone: node --import tsx bench/kernels/logreg100k.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LogisticRegression, NDArray } from 'ferryml';
import MlLogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { median, ms, timeRuns } from '../timing.ts';
import { tfjsWasm } from './tfjsWasm.ts';

const DIR = new URL('../../../shared/fixtures/logreg-100k/', import.meta.url);
const D = 32;

interface Reference {
  lbfgs_l2_C1: { fit_ms_median5: number; test_acc: number };
  liblinear_l1_C1: { fit_ms_median5: number; test_acc: number };
}

interface LiveScikitLearn {
  version: string;
  l2_ms: number;
  l2_acc: number;
  l2_iter: number;
  l1_ms: number;
  l1_acc: number;
}

// scikit-learn measured in this run (one BLAS thread, like Ferry): medians of 5 lbfgs l2 fits and 3 liblinear l1 fits.
const SKLEARN_SCRIPT = `
import json, sys, time, numpy as np, sklearn
from sklearn.linear_model import LogisticRegression
d = sys.argv[1]
Xtr = np.fromfile(d + 'X_train.f64', '<f8').reshape(-1, 32); ytr = np.fromfile(d + 'y_train.u8', np.uint8)
Xte = np.fromfile(d + 'X_test.f64', '<f8').reshape(-1, 32); yte = np.fromfile(d + 'y_test.u8', np.uint8)
def run(params, k):
    ts = []
    for _ in range(k):
        t = time.perf_counter(); m = LogisticRegression(**params).fit(Xtr, ytr); ts.append((time.perf_counter() - t) * 1e3)
    return float(np.median(ts)), float(m.score(Xte, yte)), int(m.n_iter_[0])
l2 = run({}, 5); l1 = run({'penalty': 'l1', 'solver': 'liblinear'}, 3)
print(json.dumps({'version': sklearn.__version__, 'l2_ms': l2[0], 'l2_acc': l2[1], 'l2_iter': l2[2], 'l1_ms': l1[0], 'l1_acc': l1[1]}))
`;

/** scikit-learn's fit times on the same data, measured now with /usr/bin/python3; undefined (said loudly) if absent. */
function measureScikitLearn(dir: string): LiveScikitLearn | undefined {
  try {
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const out = execFileSync('/usr/bin/python3', ['-c', SKLEARN_SCRIPT, dir], { env, encoding: 'utf8' });
    return JSON.parse(out) as LiveScikitLearn;
  } catch (e) {
    console.log(
      `  scikit-learn NOT measured in this run (${(e as Error).message.split('\n')[0]}): using reference.json`,
    );
    return undefined;
  }
}

function f64(name: string): Float64Array {
  const b = readFileSync(new URL(name, DIR));
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

function accuracy(pred: ArrayLike<number>, y: Uint8Array): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++;
  return ok / y.length;
}

/** Runs the benchmark, or prints that the data set is absent and returns undefined. */
export async function runLogreg100kBench(runs = 5): Promise<Record<string, number> | undefined> {
  if (!existsSync(fileURLToPath(new URL('X_train.f64', DIR)))) {
    console.log(`logreg100k.bench — SKIPPED: data set absent at ${fileURLToPath(DIR)}`);
    return undefined;
  }
  const ref = JSON.parse(readFileSync(new URL('reference.json', DIR), 'utf8')) as Reference;
  const Xtr = f64('X_train.f64');
  const Xte = f64('X_test.f64');
  const ytr = new Uint8Array(readFileSync(new URL('y_train.u8', DIR)));
  const yte = new Uint8Array(readFileSync(new URL('y_test.u8', DIR)));
  const ntr = ytr.length;
  const nte = yte.length;
  const Xtrain = new NDArray('float64', [ntr, D], Xtr);
  const Xtest = new NDArray('float64', [nte, D], Xte);
  const yTrain = new NDArray('float64', [ntr], Float64Array.from(ytr));

  const fitFerry = async (penalty: 'l1' | 'l2'): Promise<{ t: number; acc: number; nIter: number }> => {
    let step = new LogisticRegression({ onConvergenceWarning: 'silent' });
    const hp = penalty === 'l1' ? { penalty, C: 1, solver: 'liblinear' } : { penalty, C: 1 };
    const times = await timeRuns(
      async () => {
        step = new LogisticRegression({ hyperparams: hp, onConvergenceWarning: 'silent' });
        await step.fit(Xtrain, yTrain);
      },
      penalty === 'l1' ? 3 : runs,
      1,
    );
    const pred = ((await step.predict(Xtest)) as NDArray).data as Float64Array;
    return { t: median(times), acc: accuracy(pred, yte), nIter: step.nIter };
  };
  const l2 = await fitFerry('l2');
  const l1 = await fitFerry('l1');

  // tfjs dense(1, sigmoid) on the wasm backend.
  const tf = await tfjsWasm();
  const xs = tf.tensor2d(Float32Array.from(Xtr), [ntr, D]);
  const ys = tf.tensor2d(Float32Array.from(ytr), [ntr, 1]);
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [D] })] });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
  let t0 = performance.now();
  await model.fit(xs, ys, { epochs: 10, batchSize: 1024, verbose: 0 });
  const tfjsFit = performance.now() - t0;
  const xt = tf.tensor2d(Float32Array.from(Xte), [nte, D]);
  const probs = (model.predict(xt) as { dataSync(): Float32Array }).dataSync();
  const tfjsAcc = accuracy(
    Array.from(probs, (p) => (p > 0.5 ? 1 : 0)),
    yte,
  );
  tf.dispose([xs, ys, xt]);

  // ml-logistic-regression: gradient descent, default 50,000 steps; time a capped run.
  const steps = 3;
  const mlX = new Matrix(Array.from({ length: ntr }, (_, i) => Array.from(Xtr.subarray(i * D, (i + 1) * D))));
  const mlY = Matrix.columnVector(Array.from(ytr));
  t0 = performance.now();
  new MlLogisticRegression({ numSteps: steps, learningRate: 5e-4 }).train(mlX, mlY);
  const mlStep = (performance.now() - t0) / steps;

  const live = measureScikitLearn(fileURLToPath(DIR));
  const sk2 = live
    ? {
        fit_ms_median5: live.l2_ms,
        test_acc: live.l2_acc,
        where: `scikit-learn ${live.version}, this run, 1 BLAS thread, ${live.l2_iter} iterations`,
      }
    : { ...ref.lbfgs_l2_C1, where: 'reference.json, 2 BLAS threads' };
  const sk1 = live
    ? { fit_ms_median5: live.l1_ms, test_acc: live.l1_acc, where: `scikit-learn ${live.version}, this run` }
    : { ...ref.liblinear_l1_C1, where: 'reference.json' };
  const pts = (a: number, b: number): string => `${((a - b) * 100).toFixed(2)} pts`;
  console.log(
    `logreg100k.bench — ${ntr} × ${D} train, ${nte} test rows, one thread (Ferry: median of ${runs} l2, 3 l1)`,
  );
  console.log(
    `  Ferry l2 (C=1)          fit ${ms(l2.t)}, ${l2.nIter} iterations  test acc ${l2.acc.toFixed(4)} (${pts(l2.acc, sk2.test_acc)} vs scikit-learn)`,
  );
  console.log(
    `  scikit-learn lbfgs l2   fit ${ms(sk2.fit_ms_median5)} (${sk2.where})  test acc ${sk2.test_acc}  → Ferry ${(sk2.fit_ms_median5 / l2.t).toFixed(2)}× (target ≥ 1×)`,
  );
  console.log(
    `  tfjs-wasm dense(1,sigmoid) 10 epochs  fit ${ms(tfjsFit)}  test acc ${tfjsAcc.toFixed(4)}  → Ferry l2 ${(tfjsFit / l2.t).toFixed(1)}× faster (target ≥ 10×)`,
  );
  console.log(
    `  ml-logistic-regression  ${ms(mlStep)} per gradient step (${steps}-step run; default 50,000 steps ≈ ${((mlStep * 50000) / 3.6e6).toFixed(1)} h)`,
  );
  console.log(
    `  Ferry l1 (C=1, liblinear objective)  fit ${ms(l1.t)}  test acc ${l1.acc.toFixed(4)} (${pts(l1.acc, sk1.test_acc)})`,
  );
  console.log(
    `  scikit-learn liblinear l1  fit ${ms(sk1.fit_ms_median5)} (${sk1.where})  test acc ${sk1.test_acc}  → Ferry ${(sk1.fit_ms_median5 / l1.t).toFixed(2)}× (target ≥ 2×)`,
  );
  return {
    l2: l2.t,
    l1: l1.t,
    tfjs: tfjsFit,
    mlStep,
    l2Acc: l2.acc,
    l1Acc: l1.acc,
    tfjsAcc,
    sklearnL2: sk2.fit_ms_median5,
    sklearnL1: sk1.fit_ms_median5,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) await runLogreg100kBench();
