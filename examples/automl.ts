/**
 * Hyperparameter search with AutoML: a pipeline with a hyperparameter space, 3-fold validation, log-loss, 20 random
 * trials on two worker threads with early stopping, every trial recorded in a folder (a trial repository) so that a
 * rerun resumes instead of starting over, the best configuration refitted on all rows and saved, then loaded without
 * source. Run: `node --import tsx examples/automl.ts [repository folder]` and list the trials with
 * `npx ferry trials <folder>/search`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AutoML,
  BooleanDistribution,
  Choice,
  FileSystemStorage,
  KFoldSplitter,
  LogisticRegression,
  LogUniform,
  type NDArray,
  Pipeline,
  StandardScaler,
  TrialRepository,
} from 'ferryml';

const folder = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'ferry-automl-'));

// Data: two informative features, one noise feature, labels from a noisy linear rule.
let seed = 42;
const uniform = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const X = Array.from({ length: 600 }, () => [uniform() * 4 - 2, uniform() * 10, uniform()]);
const y = X.map(([a, b]) => (a - 0.2 * (b - 5) + (uniform() - 0.5) > 0 ? 1 : 0));

const search = () =>
  new AutoML({
    pipeline: new Pipeline([
      new StandardScaler({ space: { withStd: new BooleanDistribution() } }),
      new LogisticRegression({
        space: {
          C: new LogUniform(0.001, 100),
          penalty: new Choice(['l1', 'l2']),
          fitIntercept: new BooleanDistribution(),
        },
      }),
    ]).setName('classifier'),
    metric: 'logLoss',
    validation: new KFoldSplitter({ k: 3 }),
    nTrials: 20,
    seed: 7,
    workers: 2,
    earlyStopping: { patience: 8 },
    repository: new TrialRepository(new FileSystemStorage(folder), 'search'),
    onTrial: ({ trial, best, finished, total }) =>
      console.log(
        `trial ${trial.index} ${trial.status}: log-loss ${trial.score?.toFixed(4) ?? '-'} ` +
          `(${finished}/${total}; best so far: trial ${best?.index})`,
      ),
  });

const result = await search().fit(X, y);
console.log(
  `best: trial ${result.best.index}, log-loss ${result.best.score?.toFixed(4)}, ${JSON.stringify(result.best.hyperparams)}`,
);
if (result.stoppedAt !== null) console.log(`early stopping stopped the search after trial ${result.stoppedAt}`);

// A rerun finds every trial recorded: nothing runs again, the best is the same.
const again = await search().fit(X, y);
console.log(`rerun: ${again.resumed} trials resumed, ${again.ran} run, best trial ${again.best.index}`);

// The refit (best configuration, all rows) was saved in the repository: load it without source.
const refit = await result.repository.refitContext().load('classifier');
const predicted = (await refit.transform(X)) as NDArray;
const accuracy = predicted.data.filter((p, i) => p === y[i]).length / y.length;
console.log(`refit loaded from ${join(folder, 'search', 'refit')}: training accuracy ${accuracy.toFixed(3)}`);
console.log(`list the trials: npx ferry trials ${join(folder, 'search')}`);

if (process.argv[2] === undefined) rmSync(folder, { recursive: true, force: true });
