/**
 * AutoML pieces against scikit-learn 1.2 (metrics, KFold and holdout indices) and the search itself: samplers that give
 * trial i the same values in every run, the same trials and best in this thread and on two workers, early stopping that
 * stops at the same trial either way, the best model and the refit kept in the repository and loadable, resuming a
 * repository (finished trials kept, started ones re-run), and typed errors for a mismatched or damaged repository.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AutoML,
  accuracy,
  BooleanDistribution,
  Choice,
  CorruptTrialRecordError,
  GridSearch,
  HoldoutSplitter,
  InvalidAutoMLOptionError,
  KFoldSplitter,
  LinearRegression,
  LogisticRegression,
  LogUniform,
  logLoss,
  MemoryStorage,
  type Metric,
  MetricInputError,
  mse,
  NDArray,
  NoSuccessfulTrialError,
  Pipeline,
  RandInt,
  RandomSearch,
  r2,
  StandardScaler,
  TrialRepository,
  TrialRepositoryMismatchError,
  Uniform,
} from 'ferryml';
import { classificationData, sklearnReference, sklearnUnavailable } from './sklearnReference.ts';

const skipSklearn = sklearnUnavailable ?? false;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const searchPipeline = () =>
  new Pipeline([
    new StandardScaler({ space: { withStd: new BooleanDistribution() } }),
    new LogisticRegression({ space: { C: new LogUniform(0.001, 100), fitIntercept: new BooleanDistribution() } }),
  ]).setName('search');

describe('metrics equal scikit-learn 1.2', { skip: skipSklearn }, () => {
  it('accuracy, log-loss (clipped, renormalised), R² (multi-output, a constant column) and MSE', () => {
    const u = lcg(3);
    const n = 50;
    const classes = [0, 1, 2];
    const labels = Array.from({ length: n }, () => Math.floor(u() * 3));
    const predicted = labels.map((l) => (u() < 0.7 ? l : Math.floor(u() * 3)));
    const proba = labels.map(() => {
      const p = [u(), u(), u() * 0.1];
      const s = p[0] + p[1] + p[2];
      return p.map((v) => v / s);
    });
    proba[0] = [1, 0, 0]; // an exact 0 for a true class: clipped to eps
    labels[0] = 2;
    const binaryLabels = Array.from({ length: 20 }, () => (u() < 0.5 ? 1 : 0));
    const binaryProba = binaryLabels.map(() => {
      const p = u();
      return [p, 1 - p];
    });
    const values = Array.from({ length: n }, () => u() * 10);
    const valuesPredicted = values.map((v) => v + u() - 0.5);
    const multi = values.map((v) => [v, 3]); // second output constant
    const multiPredicted = values.map((v, i) => [v + 0.1, i === 0 ? 3.5 : 3]);
    const stringLabels = labels.map((l) => `c${l}`);
    const stringPredicted = predicted.map((l) => `c${l}`);
    const job = {
      labels,
      predicted,
      stringLabels,
      stringPredicted,
      classes,
      proba,
      binaryLabels,
      binaryProba,
      values,
      valuesPredicted,
      multi,
      multiPredicted,
    };
    const ref = sklearnReference<{ metrics: Record<string, number> }>({ metrics: job }).metrics;
    const arr = (rows: number[][]) =>
      new NDArray('float64', [rows.length, rows[0].length], Float64Array.from(rows.flat()));
    const vec = (v: number[]) => NDArray.fromTyped(Float64Array.from(v));
    const close = (a: number, b: number, what: string) =>
      assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: Ferry ${a}, scikit-learn ${b}`);
    close(accuracy.score(vec(labels), vec(predicted)), ref.accuracy, 'accuracy');
    close(accuracy.score(stringLabels, stringPredicted), ref.accuracyStrings, 'accuracy of string labels');
    close(logLoss.score(vec(labels), arr(proba), classes), ref.logLoss, 'log_loss');
    close(logLoss.score(vec(binaryLabels), arr(binaryProba), [0, 1]), ref.logLossBinary, 'binary log_loss');
    close(r2.score(vec(values), vec(valuesPredicted)), ref.r2, 'r2_score');
    close(r2.score(arr(multi), arr(multiPredicted)), ref.r2Multi, 'r2_score, multi-output with a constant output');
    close(mse.score(vec(values), vec(valuesPredicted)), ref.mse, 'mean_squared_error');
    close(mse.score(arr(multi), arr(multiPredicted)), ref.mseMulti, 'mean_squared_error, multi-output');
    assert.throws(() => logLoss.score(vec([5]), arr([[0.5, 0.25, 0.25]]), classes), MetricInputError);
    assert.throws(() => accuracy.score(vec([1, 2]), vec([1])), /2 true values but 1 predictions/);
  });
});

describe('validation splitters', () => {
  it("without shuffling, KFold and the holdout take scikit-learn's rows", { skip: skipSklearn }, () => {
    const ref = sklearnReference<{ kfold: number[][]; holdout: number[] }>({
      kfold: { n: 23, k: 4 },
      holdout: { n: 23, size: 0.2 },
    });
    const folds = new KFoldSplitter({ k: 4, shuffle: false }).splits(23, 0);
    assert.deepEqual(
      folds.map((f) => [...f.validation]),
      ref.kfold,
    );
    const [holdout] = new HoldoutSplitter({ validationSize: 0.2, shuffle: false }).splits(23, 0);
    assert.deepEqual([...holdout.validation], ref.holdout);
  });

  it('shuffled folds partition the rows, the same for the same seed; bad options are typed errors', () => {
    const folds = new KFoldSplitter({ k: 3 }).splits(31, 9);
    const seen = folds.flatMap((f) => [...f.validation]).sort((a, b) => a - b);
    assert.deepEqual(
      seen,
      Array.from({ length: 31 }, (_, i) => i),
    );
    for (const f of folds) assert.equal(f.train.length + f.validation.length, 31);
    assert.deepEqual(new KFoldSplitter({ k: 3 }).splits(31, 9), folds);
    assert.notDeepEqual(new KFoldSplitter({ k: 3 }).splits(31, 10), folds);
    assert.throws(() => new KFoldSplitter({ k: 1 }), InvalidAutoMLOptionError);
    assert.throws(() => new KFoldSplitter({ k: 5 }).splits(4, 0), /5 folds need at least 5 rows/);
    assert.throws(() => new HoldoutSplitter({ validationSize: 1 }), InvalidAutoMLOptionError);
    assert.throws(() => new HoldoutSplitter({ validationSize: 0.01 }).splits(1, 0), /both need one/);
  });
});

describe('samplers', () => {
  it('RandomSearch gives trial i the same values in every run; GridSearch enumerates a discrete space', () => {
    const space = searchPipeline().getHyperparamsSpace();
    const random = new RandomSearch();
    assert.deepEqual(random.sample(space, 5, 42), random.sample(space, 5, 42));
    assert.notDeepEqual(random.sample(space, 5, 42), random.sample(space, 6, 42));
    const grid = new GridSearch();
    const discrete = new Pipeline([
      new LogisticRegression({ space: { C: new Choice([0.1, 1, 10]), maxIter: new RandInt(99, 100) } }),
    ]).getHyperparamsSpace();
    assert.equal(grid.size(discrete), 6);
    const points = Array.from({ length: 6 }, (_, i) => grid.sample(discrete, i));
    assert.deepEqual(points[0], { LogisticRegression__C: 0.1, LogisticRegression__maxIter: 99 });
    assert.deepEqual(points[5], { LogisticRegression__C: 10, LogisticRegression__maxIter: 100 });
    assert.equal(new Set(points.map((p) => JSON.stringify(p))).size, 6);
    assert.throws(() => grid.size(space), /GridSearch needs discrete hyperparameters; "LogisticRegression__C"/);
  });
});

describe('AutoML', () => {
  const { x, y } = classificationData(240, 4, 11);

  it('records the same trials and best in this thread and on two workers; keeps the best model and the refit', async () => {
    const events: number[] = [];
    const runs = [];
    for (const workers of [0, 2]) {
      const repository = new TrialRepository(new MemoryStorage(), `runs/w${workers}`);
      const started = performance.now();
      const result = await new AutoML({
        pipeline: searchPipeline(),
        metric: 'accuracy',
        validation: new KFoldSplitter({ k: 3 }),
        nTrials: 10,
        seed: 5,
        workers,
        repository,
        onTrial: (e) => {
          if (workers === 0) events.push(e.trial.index);
        },
      }).fit(x, y);
      runs.push({ result, repository, seconds: (performance.now() - started) / 1000 });
    }
    const [inThread, onWorkers] = runs;
    assert.deepEqual(
      events.sort((a, b) => a - b),
      Array.from({ length: 10 }, (_, i) => i),
    );
    assert.equal(inThread.result.trials.length, 10);
    assert.equal(inThread.result.ran, 10);
    const strip = (t: (typeof inThread.result.trials)[number]) => ({
      index: t.index,
      status: t.status,
      hyperparams: t.hyperparams,
      scores: t.scores,
    });
    assert.deepEqual(onWorkers.result.trials.map(strip), inThread.result.trials.map(strip));
    assert.deepEqual(onWorkers.result.best.index, inThread.result.best.index);
    for (const t of inThread.result.trials) assert.equal(t.scores.length, 3);
    const best = inThread.result.best;
    for (const t of inThread.result.trials) assert.ok((t.score as number) <= (best.score as number));

    // The best trial's fitted pipeline (its first split) and the refit on all rows, both loadable without source.
    const repo = onWorkers.repository;
    assert.deepEqual(await repo.modelIndexes(), [best.index]);
    const bestModel = await repo.loadModel(best.index);
    assert.equal(bestModel.constructor.name, 'Pipeline');
    const refit = await repo.refitContext().load('search');
    const predicted = (await refit.transform(x)) as NDArray;
    const fromResult = (await (onWorkers.result.model as Pipeline).transform(x)) as NDArray;
    assert.deepEqual([...predicted.data], [...fromResult.data]);
    assert.equal(await repo.refitName(), 'search');
    console.log(
      `trials/s (10 trials, 3 folds, 240 rows; provisional): in this thread ${(10 / inThread.seconds).toFixed(1)}, ` +
        `two workers ${(10 / onWorkers.seconds).toFixed(1)} (worker start-up included)`,
    );
  });

  it('stops early at the same trial in this thread and on workers, and picks its best among trials up to there', async () => {
    const results = [];
    for (const workers of [0, 2]) {
      results.push(
        await new AutoML({
          pipeline: searchPipeline(),
          metric: 'logLoss',
          nTrials: 40,
          seed: 1,
          workers,
          earlyStopping: { patience: 3 },
          refit: false,
        }).fit(x, y),
      );
    }
    const [a, b] = results;
    assert.notEqual(a.stoppedAt, null);
    assert.ok((a.stoppedAt as number) < 39);
    assert.equal(b.stoppedAt, a.stoppedAt);
    assert.equal(b.best.index, a.best.index);
    assert.equal(a.best.score, b.best.score);
    assert.ok(a.best.index <= (a.stoppedAt as number));
    assert.ok(a.trials.length === (a.stoppedAt as number) + 1, 'in this thread no trial ran past the stop');
    assert.equal(a.model, null);
  });

  it('resumes a repository: finished trials are kept, started ones re-run, the best is the same', async () => {
    const storage = new MemoryStorage();
    const options = () => ({
      pipeline: searchPipeline(),
      metric: 'accuracy' as const,
      nTrials: 6,
      seed: 3,
      repository: new TrialRepository(storage, 'resume'),
      refit: false,
    });
    const first = await new AutoML(options()).fit(x, y);
    const again = await new AutoML(options()).fit(x, y);
    assert.equal(again.resumed, 6);
    assert.equal(again.ran, 0);
    assert.equal(again.best.index, first.best.index);
    // As if killed while trials 2 and 4 ran: their records say "started".
    const repo = new TrialRepository(storage, 'resume');
    for (const i of [2, 4]) await repo.writeTrial({ ...first.trials[i], status: 'started', scores: [], score: null });
    const started: number[] = [];
    const resumed = await new AutoML({ ...options(), onTrialStart: (e) => started.push(e.index) }).fit(x, y);
    assert.deepEqual(started, [2, 4]);
    assert.equal(resumed.resumed, 4);
    assert.deepEqual(
      resumed.trials.map((t) => t.scores),
      first.trials.map((t) => t.scores),
    );
    assert.equal(resumed.trials[2].attempt, 2);
    assert.equal(resumed.best.index, first.best.index);

    // Another seed on the same repository would mix two searches.
    const mismatch = await new AutoML({ ...options(), seed: 4 }).fit(x, y).catch((e: unknown) => e);
    assert.ok(mismatch instanceof TrialRepositoryMismatchError, String(mismatch));
    assert.match(mismatch.message, /seed: recorded 3, now 4/);
    // A damaged record is a typed error naming it, not a silent re-run.
    await storage.write('resume/trials/00001.json', new TextEncoder().encode('{"index": 1, "stat'));
    await assert.rejects(new AutoML(options()).fit(x, y), CorruptTrialRecordError);
  });

  it('records failed trials with their typed error; all failing is a NoSuccessfulTrialError', async () => {
    const pipeline = new Pipeline([
      new LogisticRegression({ space: { penalty: new Choice(['l2', 'elasticnet']) } }),
    ]).setName('mixed');
    const result = await new AutoML({ pipeline, metric: 'accuracy', nTrials: 6, seed: 2, refit: false }).fit(x, y);
    const failed = result.trials.filter((t) => t.status === 'failed');
    assert.ok(failed.length > 0 && failed.length < 6);
    for (const t of failed) {
      assert.equal(t.hyperparams.LogisticRegression__penalty, 'elasticnet');
      assert.equal(t.error?.code, 'FERRY_INVALID_HYPERPARAMETER');
    }
    assert.equal(result.best.hyperparams.LogisticRegression__penalty, 'l2');

    const regression = new Pipeline([new LinearRegression({ space: { fitIntercept: new BooleanDistribution() } })]);
    const noProba = await new AutoML({ pipeline: regression, metric: 'logLoss', nTrials: 2 })
      .fit(x, y)
      .catch((e: unknown) => e);
    assert.ok(noProba instanceof NoSuccessfulTrialError, String(noProba));
    assert.match(noProba.message, /has no predictProba/);
  });

  it('scores with a metric function, in this thread and on workers', async () => {
    const balanced: Metric = {
      name: 'balancedAccuracy',
      higherIsBetter: true,
      input: 'predictions',
      score(truth, predicted) {
        const t = (truth as NDArray).data;
        const p = (predicted as NDArray).data;
        const recall = [0, 1].map((c) => {
          let hit = 0;
          let all = 0;
          for (let i = 0; i < t.length; i++) {
            if (t[i] !== c) continue;
            all++;
            if (p[i] === c) hit++;
          }
          return hit / all;
        });
        return (recall[0] + recall[1]) / 2;
      },
    };
    const scores = [];
    for (const workers of [0, 1]) {
      const r = await new AutoML({
        pipeline: new Pipeline([new LogisticRegression({ space: { C: new Uniform(0.1, 2) } })]),
        metric: balanced,
        nTrials: 3,
        workers,
        refit: false,
      }).fit(x, y);
      scores.push(r.trials.map((t) => t.score));
    }
    assert.deepEqual(scores[1], scores[0]);
    assert.ok((scores[0][0] as number) > 0.5);
    assert.throws(() => new AutoML({ pipeline: searchPipeline(), metric: 'f1' as 'accuracy' }), /"f1" is not one of/);
    assert.throws(
      () => new AutoML({ pipeline: searchPipeline(), metric: 'accuracy', workers: -1 }),
      InvalidAutoMLOptionError,
    );
  });
});
