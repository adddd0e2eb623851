/**
 * The runtime-neutral job of the cross-runtime parallel test: a queued pipeline (StandardScaler → PCA → KMeans, two
 * workers per stage) against the same steps in this thread, a feature union, a malformed batch as a typed error, and a
 * small AutoML on two workers against the same search in this thread. Imports only `ferryml` (the BUILT package in
 * every runtime), so that workers load built-in classes from their dumps alone.
 */
import {
  AutoML,
  BooleanDistribution,
  detectRuntime,
  isFerryError,
  KFoldSplitter,
  KMeans,
  LogisticRegression,
  LogUniform,
  liveWorkerCount,
  NDArray,
  type ParallelismNotice,
  ParallelQueuedFeatureUnion,
  PCA,
  Pipeline,
  SequentialQueuedPipeline,
  StandardScaler,
  workerSupport,
} from 'ferryml';
import { CRASH, Crasher } from './crashStep.ts';

/** What a runtime reports. */
export interface ParallelJobResult {
  readonly runtime: string;
  /** How the runtime starts workers (`none` in workerd). */
  readonly workers: string;
  /** Workers alive while the pipelines held them, and after teardown. */
  readonly liveDuring: number;
  readonly liveAfter: number;
  /** KMeans labels of the queued pipeline, and whether they equal the in-thread Pipeline's. */
  readonly labels: number[];
  readonly sameAsInThread: boolean;
  /** Shape of the feature union's output and whether it equals [scaled | PCA] computed here. */
  readonly unionShape: number[];
  readonly unionSame: boolean;
  /** The error of a batch with the wrong number of features: its code, stage and batch. */
  readonly failure: { code: string; stage: string; batch: number; cause: string } | null;
  /** AutoML on two workers: the best trial, every trial's scores, and whether they equal the in-thread search's. */
  readonly automl: { best: number; scores: number[][]; sameAsInThread: boolean };
  readonly notices: string[];
  /** With a crash module: the error of a batch that crashes every worker it meets, and the pool after it. */
  readonly crash: {
    code: string;
    stage: string;
    batch: number;
    reason: string;
    liveAfter: number;
    usableAfter: boolean;
  } | null;
}

function matrix(n: number, d: number): NDArray {
  const data = new Float64Array(n * d);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = (s / 2 ** 32) * 6 - 3 + (i % d) * 0.5;
  }
  return new NDArray('float64', [n, d], data);
}

const stages = () => [
  new StandardScaler(),
  new PCA({ hyperparams: { nComponents: 2 } }),
  new KMeans({ hyperparams: { nClusters: 3, nInit: 2 } }),
];

/**
 * Runs the job in this runtime. `crashModule` (a URL the workers can import: crashStep.ts bundled for this runtime) adds
 * a stage that crashes its worker on one batch: the worker is replaced and the batch retried once, then the batch fails.
 */
export async function runParallelJob(crashModule?: string): Promise<ParallelJobResult> {
  const notices: string[] = [];
  const onNotice = (n: ParallelismNotice) => notices.push(n.code);
  const X = matrix(400, 4);
  const reference = new Pipeline(stages());
  await reference.fit(X);
  const expected = [...(((await reference.transform(X)) as NDArray).data as Float64Array)];

  const queued = new SequentialQueuedPipeline(stages(), { workers: 2, batchSize: 50, onNotice });
  await queued.fit(X);
  const labels = [...(((await queued.transform(X)) as NDArray).data as Float64Array)];

  const union = new ParallelQueuedFeatureUnion([new StandardScaler(), new PCA({ hyperparams: { nComponents: 2 } })], {
    workers: 1,
    batchSize: 128,
    onNotice,
  });
  await union.fit(X);
  const joined = (await union.transform(X)) as NDArray;
  const scaled = (await union.steps[0].transform(X)) as NDArray;
  const pcs = (await union.steps[1].transform(X)) as NDArray;
  let unionSame = true;
  for (let r = 0; r < 400; r++) {
    for (let c = 0; c < 4; c++) if (joined.data[r * 6 + c] !== scaled.data[r * 4 + c]) unionSame = false;
    for (let c = 0; c < 2; c++) if (joined.data[r * 6 + 4 + c] !== pcs.data[r * 2 + c]) unionSame = false;
  }

  let failure: ParallelJobResult['failure'] = null;
  const batches = [X, X, matrix(10, 3), X];
  try {
    for await (const _ of queued.transformBatches(batches)) {
      // consumed in order; batch 2 has 3 features where the scaler was fitted on 4
    }
  } catch (error) {
    const e = error as {
      code?: string;
      stage?: string;
      batch?: number;
      cause?: { remote?: { code?: string }; code?: string };
    };
    if (isFerryError(error)) {
      failure = {
        code: e.code as string,
        stage: e.stage as string,
        batch: e.batch as number,
        cause: e.cause?.remote?.code ?? e.cause?.code ?? '',
      };
    }
  }
  const liveDuring = liveWorkerCount();
  await queued.teardown();
  await union.teardown();
  const liveAfter = liveWorkerCount();

  const { x, y } = classification(160);
  const search = (workers: number) =>
    new AutoML({
      pipeline: new Pipeline([
        new StandardScaler({ space: { withStd: new BooleanDistribution() } }),
        new LogisticRegression({ space: { C: new LogUniform(0.01, 10) } }),
      ]).setName('cross'),
      metric: 'logLoss',
      validation: new KFoldSplitter({ k: 2 }),
      nTrials: 4,
      seed: 3,
      workers,
      refit: false,
      onNotice,
    }).fit(x, y);
  const crash = crashModule ? await crashOnce(crashModule) : null;
  const onWorkers = await search(2);
  const inThread = await search(0);
  const scores = onWorkers.trials.map((t) => [...t.scores]);
  return {
    runtime: detectRuntime(),
    workers: workerSupport().kind,
    liveDuring,
    liveAfter,
    labels,
    sameAsInThread: labels.length === expected.length && labels.every((v, i) => v === expected[i]),
    unionShape: [...joined.shape],
    unionSame,
    failure,
    automl: {
      best: onWorkers.best.index,
      scores,
      sameAsInThread: JSON.stringify(scores) === JSON.stringify(inThread.trials.map((t) => [...t.scores])),
    },
    notices,
    crash,
  };
}

async function crashOnce(crashModule: string): Promise<ParallelJobResult['crash']> {
  const p = new SequentialQueuedPipeline([new Crasher()], { workers: 2, batchSize: 2, workerModule: crashModule });
  const rows = [[1], [2], [3], [4], [CRASH], [6], [7], [8]];
  let crash: ParallelJobResult['crash'] = null;
  try {
    await p.transform(rows);
  } catch (error) {
    const e = error as { code?: string; stage?: string; batch?: number; reason?: string };
    crash = {
      code: e.code ?? String(error),
      stage: e.stage ?? '',
      batch: e.batch ?? -1,
      reason: e.reason ?? '',
      liveAfter: liveWorkerCount(),
      usableAfter: false,
    };
  }
  const after = await p.transform([[1], [2], [3]]);
  if (crash) crash.usableAfter = JSON.stringify(after) === JSON.stringify([[1], [2], [3]]);
  await p.teardown();
  return crash;
}

function classification(n: number): { x: number[][]; y: number[] } {
  let s = 77;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = [u() * 4 - 2, u() * 4 - 2, u()];
    x.push(row);
    y.push(row[0] - 0.7 * row[1] + (u() - 0.5) > 0 ? 1 : 0);
  }
  return { x, y };
}
