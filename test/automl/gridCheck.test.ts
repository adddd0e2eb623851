/**
 * The held-out style check of issue 17: on a dataset the test generates, AutoML's random search with 30 trials finds a
 * configuration whose validation score is within 1 % of the best of an exhaustive grid over the same space, the grid
 * scored by scikit-learn 1.2 on the same folds (test/automl/sklearn_reference.py). Ferry's own GridSearch over that
 * grid agrees with scikit-learn point by point.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  AutoML,
  BooleanDistribution,
  Choice,
  GridSearch,
  KFoldSplitter,
  LogisticRegression,
  Pipeline,
  StandardScaler,
} from 'ferryml';
import { classificationData, sklearnReference, sklearnUnavailable } from './sklearnReference.ts';

const C_VALUES = [0.001, 0.01, 0.1, 1, 10, 100];
const space = () =>
  new Pipeline([
    new StandardScaler({ space: { withStd: new BooleanDistribution() } }),
    new LogisticRegression({ space: { C: new Choice(C_VALUES), fitIntercept: new BooleanDistribution() } }),
  ]).setName('grid');

it('30 random trials come within 1 % of the exhaustive grid’s best (scored by scikit-learn)', {
  skip: sklearnUnavailable ?? false,
}, async () => {
  const { x, y } = classificationData(600, 5, 2024);
  const validation = new KFoldSplitter({ k: 3 });
  const seed = 17;
  const folds = validation.splits(x.length, seed).map((f) => [[...f.train], [...f.validation]]);

  const grid = new GridSearch();
  const gridSize = grid.size(space().getHyperparamsSpace());
  assert.equal(gridSize, 24);
  const ferryGrid = await new AutoML({
    pipeline: space(),
    metric: 'accuracy',
    validation,
    seed,
    sampler: grid,
    refit: false,
  }).fit(x, y);
  assert.equal(ferryGrid.trials.length, 24);
  const points = ferryGrid.trials.map((t) => ({
    withStd: t.hyperparams.StandardScaler__withStd,
    C: t.hyperparams.LogisticRegression__C,
    fitIntercept: t.hyperparams.LogisticRegression__fitIntercept,
  }));
  const reference = sklearnReference<{ grid: number[] }>({ grid: { x, y, folds, points } }).grid;
  // Point by point: the same accuracy, or (a prediction on the boundary) one row per fold apart at most.
  for (const [i, t] of ferryGrid.trials.entries()) {
    assert.ok(
      Math.abs((t.score as number) - reference[i]) <= 1 / 200 + 1e-12,
      `grid point ${JSON.stringify(points[i])}: Ferry ${t.score}, scikit-learn ${reference[i]}`,
    );
  }
  const gridBest = Math.max(...reference);
  const worst = Math.max(...ferryGrid.trials.map((t, i) => Math.abs((t.score as number) - reference[i])));
  console.log(`Ferry vs scikit-learn over the 24 grid points: largest difference ${worst}`);

  const random = await new AutoML({
    pipeline: space(),
    metric: 'accuracy',
    validation,
    seed,
    nTrials: 30,
    refit: false,
  }).fit(x, y);
  const found = random.best.score as number;
  console.log(
    `random search best ${found.toFixed(4)} (trial ${random.best.index}), grid best ${gridBest.toFixed(4)} (scikit-learn)`,
  );
  assert.ok(found >= 0.99 * gridBest, `random search best ${found} is not within 1 % of the grid's ${gridBest}`);
  // And the configuration it found scores the same in scikit-learn.
  const again = sklearnReference<{ grid: number[] }>({
    grid: {
      x,
      y,
      folds,
      points: [
        {
          withStd: random.best.hyperparams.StandardScaler__withStd,
          C: random.best.hyperparams.LogisticRegression__C,
          fitIntercept: random.best.hyperparams.LogisticRegression__fitIntercept,
        },
      ],
    },
  }).grid[0];
  assert.ok(again >= 0.99 * gridBest, `scikit-learn scores the found configuration ${again}`);
});
