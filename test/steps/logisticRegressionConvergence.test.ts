import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConvergenceWarning, LogisticRegression, setConvergenceWarningHandler } from 'ferryml';
import { fixture, roundTrip } from './helpers.ts';

// Wine at default settings stops at maxIter in scikit-learn 1.2.1 with a ConvergenceWarning
// (scripts/make_logreg_datasets_fixture.py); a fit cut at maxIter 5 must say so the same way.
const wine = fixture<{ cases: Array<{ name: string; X_train: number[][]; y_train: number[] }> }>(
  'logreg-datasets.json',
).cases.find((c) => c.name === 'wine') as { X_train: number[][]; y_train: number[] };

/** Runs `body` with console.warn captured; returns the lines it printed. */
async function capturingConsoleWarn(body: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  try {
    await body();
  } finally {
    console.warn = original;
  }
  return lines;
}

describe('LogisticRegression reports convergence', () => {
  it('a fit stopped by maxIter: converged false and nIter saved, one ConvergenceWarning on console.warn', async () => {
    const step = new LogisticRegression({ name: 'cut', hyperparams: { maxIter: 5 } });
    const lines = await capturingConsoleWarn(() => step.fit(wine.X_train, wine.y_train).then(() => undefined));
    console.log(`console.warn got: ${JSON.stringify(lines)}`);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^ConvergenceWarning: step "cut": lbfgs failed to converge after 5 iterations/);
    assert.equal(step.converged, false);
    assert.equal(step.nIter, 5);
    const loaded = await roundTrip(step);
    assert.equal(loaded.converged, false);
    assert.equal(loaded.nIter, 5);
  });

  it('a converged fit: converged true, no warning', async () => {
    const warnings: ConvergenceWarning[] = [];
    const step = new LogisticRegression({
      hyperparams: { C: 1e-3, maxIter: 1000 },
      onConvergenceWarning: (w) => warnings.push(w),
    });
    await step.fit(wine.X_train, wine.y_train);
    assert.equal(step.converged, true);
    assert.ok(step.nIter > 0 && step.nIter < 1000);
    assert.equal(warnings.length, 0);
    assert.equal((await roundTrip(step)).converged, true);
  });

  it("silenced process-wide (setConvergenceWarningHandler(null)) or per step ('silent'); handlers are never saved", async () => {
    const previous = setConvergenceWarningHandler(null);
    let lines: string[];
    try {
      lines = await capturingConsoleWarn(async () => {
        await new LogisticRegression({ hyperparams: { maxIter: 2 } }).fit(wine.X_train, wine.y_train);
      });
    } finally {
      setConvergenceWarningHandler(previous);
    }
    assert.deepEqual(lines, []);
    const step = new LogisticRegression({
      hyperparams: { maxIter: 2 },
      onConvergenceWarning: 'silent',
      onProgress: () => {},
    });
    lines = await capturingConsoleWarn(() => step.fit(wine.X_train, wine.y_train).then(() => undefined));
    assert.deepEqual(lines, []);
    assert.ok(!Object.keys(step).includes('onConvergenceWarning') && !Object.keys(step).includes('onProgress'));
    assert.ok(Object.keys(step).includes('converged') && Object.keys(step).includes('nIter'));
  });

  it('a handler receives the step, solver and iteration counts', async () => {
    const warnings: ConvergenceWarning[] = [];
    const step = new LogisticRegression({
      name: 'handled',
      hyperparams: { maxIter: 3, solver: 'liblinear' },
      onConvergenceWarning: (w) => warnings.push(w),
    });
    await step.fit(wine.X_train, wine.y_train);
    assert.equal(warnings.length, 1);
    assert.deepEqual(
      { step: warnings[0].step, solver: warnings[0].solver, nIter: warnings[0].nIter, maxIter: warnings[0].maxIter },
      { step: 'handled', solver: 'liblinear', nIter: 3, maxIter: 3 },
    );
  });
});
