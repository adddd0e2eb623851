import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type BaseStep,
  DataShuffler,
  Identity,
  InvalidHyperparameterError,
  LogisticRegression,
  NDArray,
  OutputTransformerWrapper,
  Pipeline,
  Ravel,
  TrainOnlyWrapper,
} from 'ferryml';
import { type ConvergenceWarningHandler, setConvergenceWarningHandler } from '../../src/steps/convergence.ts';
import { KMeans } from '../../src/steps/KMeans.ts';
import { LinearRegression } from '../../src/steps/LinearRegression.ts';
import { MinMaxScaler } from '../../src/steps/MinMaxScaler.ts';
import { PCA } from '../../src/steps/PCA.ts';
import { Ridge } from '../../src/steps/Ridge.ts';
import { StandardScaler } from '../../src/steps/StandardScaler.ts';
import { randoms } from './helpers.ts';

// Issue 13, item 4: every hyperparameter of every built-in step either changes what a fit produces (fitted fields,
// outputs of fitTransform, of a second fitTransform and of transform on data outside the training range), or is
// refused with InvalidHyperparameterError, or is listed in NO_EFFECT with the reason. The names come from the steps
// themselves (getHyperparams()), so a hyperparameter added later is walked too: it needs a value to try (from its
// default's type, or ALTERNATIVES) and fails the walk if that value is silently ignored.

const N = 60;
const D = 3;
const r = randoms(N * D + N, 13);
const X = Array.from({ length: N }, (_, i) => Array.from(r.subarray(i * D, (i + 1) * D)));
const noise = r.subarray(N * D);
/** Data outside the training range (so clipping and extrapolation show). */
const PROBE = X.slice(0, 20).map((row) => row.map((v) => 3 * v + 1));
const Y_BINARY = X.map((row, i) => (row[0] + 0.5 * row[1] + 0.8 * noise[i] > 0 ? 1 : 0));
const Y_THREE = X.map((row, i) => (row[0] + 0.6 * noise[i] > 0.3 ? 2 : row[1] > 0 ? 1 : 0));
const Y_REAL = X.map((row, i) => 2 * row[0] - row[1] + 0.5 + 0.1 * noise[i]);

/** Hyperparameters documented as not affecting any fitted value or output, keyed `Class.name`, with the reason. */
const NO_EFFECT: Record<string, string> = {
  'StandardScaler.copy':
    'chooses only whether a float64 input buffer is overwritten with the output (copy: false) or a new one is made; ' +
    'every fitted and output value is the same (as in scikit-learn); the walk passes nested arrays, which are always copied',
};

/**
 * Values to try per `Class.name` where the default's type does not say (strings, arrays, null) or where a generic
 * change would not show on small data. Values that need the data are functions of it.
 */
const ALTERNATIVES: Record<string, ReadonlyArray<unknown | ((x: number[][]) => unknown)>> = {
  'MinMaxScaler.featureRange': [[-1, 2]],
  'PCA.nComponents': [1, 2],
  'Ridge.alpha': [50, 0],
  // The solver picks the algorithm for the same optimum: 'svd' differs from Cholesky ('auto') in the last bits only.
  'Ridge.solver': ['svd', 'cholesky', 'lsqr'],
  'LogisticRegression.C': [0.01, 100],
  'LogisticRegression.penalty': ['l1', 'none'],
  'LogisticRegression.solver': ['liblinear', 'saga', 'newton-cg', 'lbfgs', 'sag'],
  'LogisticRegression.classWeight': ['balanced', [0, 1, 1, 5]],
  'LogisticRegression.maxIter': [2],
  'LogisticRegression.tol': [0.5, 1e-12],
  'LogisticRegression.dual': [true],
  'LogisticRegression.multiClass': ['ovr', 'multinomial'],
  'KMeans.nClusters': [3],
  'KMeans.init': ['random', (x: number[][]) => x.slice(0, 8)],
  'KMeans.nInit': [1, 'auto'],
  'KMeans.maxIter': [1],
  'KMeans.tol': [10],
  'KMeans.seed': [1],
  'DataShuffler.seed': [7],
};

/**
 * Per case, values that replace ALTERNATIVES' where the data makes one of them the default's own choice: with two
 * classes `multiClass: 'auto'` is `'ovr'` (one sigmoid row, as in scikit-learn), so only `'multinomial'` can differ
 * (and is refused).
 */
const CASE_ALTERNATIVES: Record<string, Record<string, readonly unknown[]>> = {
  'LogisticRegression (binary)': { 'LogisticRegression.multiClass': ['multinomial'] },
};

interface Case {
  readonly label: string;
  readonly make: () => BaseStep;
  readonly y?: unknown;
}

const CASES: Case[] = [
  { label: 'Identity', make: () => new Identity() },
  { label: 'Ravel', make: () => new Ravel() },
  { label: 'DataShuffler', make: () => new DataShuffler(), y: Y_REAL },
  { label: 'TrainOnlyWrapper(DataShuffler)', make: () => new TrainOnlyWrapper(new DataShuffler()), y: Y_REAL },
  { label: 'OutputTransformerWrapper(Ravel)', make: () => new OutputTransformerWrapper(new Ravel()), y: Y_REAL },
  { label: 'StandardScaler', make: () => new StandardScaler() },
  { label: 'MinMaxScaler', make: () => new MinMaxScaler() },
  { label: 'LinearRegression', make: () => new LinearRegression(), y: Y_REAL },
  { label: 'Ridge', make: () => new Ridge(), y: Y_REAL },
  { label: 'LogisticRegression (binary)', make: () => new LogisticRegression(), y: Y_BINARY },
  { label: 'LogisticRegression (3 classes)', make: () => new LogisticRegression(), y: Y_THREE },
  { label: 'PCA', make: () => new PCA() },
  { label: 'KMeans', make: () => new KMeans() },
  {
    label: 'Pipeline(TrainOnlyWrapper(DataShuffler), OutputTransformerWrapper(Ravel), MinMaxScaler, Ridge)',
    make: () =>
      new Pipeline([
        new TrainOnlyWrapper(new DataShuffler()),
        new OutputTransformerWrapper(new Ravel()),
        new MinMaxScaler(),
        new Ridge(),
      ]),
    y: Y_REAL.map((v) => [v]),
  },
];

/** Fields every step has (lifecycle flags, name, hyperparameters, savers): not fitted state. */
const BASE_FIELDS = new Set(['name', 'hyperparams', 'space', 'savers', 'isInitialized', 'isInvalidated', 'isTrain']);

function isStep(v: unknown): v is BaseStep {
  return typeof v === 'object' && v !== null && typeof (v as BaseStep).getHyperparams === 'function';
}

/** A JSON-able picture of a value: NDArrays and typed arrays as number lists. */
function picture(v: unknown): unknown {
  if (v instanceof NDArray) return { shape: v.shape, data: Array.from(v.data as ArrayLike<number>, Number) };
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>, Number);
  if (Array.isArray(v)) return v.map(picture);
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'object' && v !== null)
    return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, picture(e)]));
  return v;
}

/** The fitted state of a step and its children (own enumerable fields that are not lifecycle bookkeeping). */
function fittedState(step: BaseStep): unknown {
  const own = Object.entries(step).filter(
    ([k, v]) => !BASE_FIELDS.has(k) && !isStep(v) && !(Array.isArray(v) && v.some(isStep)),
  );
  return { own: picture(Object.fromEntries(own)), children: step.getChildren().map(fittedState) };
}

/**
 * What a fit with `values` set produces: fitted state, two fitTransforms (a hyperparameter acting after a fit shows in
 * the second), and a transform of PROBE. The hyperparameter values themselves are left out: they differ by design.
 */
async function fingerprint(c: Case, values: Record<string, unknown>): Promise<string> {
  const step = c.make();
  step.setHyperparams(values);
  const first = await step.fitTransform(X, c.y);
  const second = await step.fitTransform(X, c.y);
  const probe = await step.transform(PROBE);
  return JSON.stringify(picture({ state: fittedState(step), first, second, probe }));
}

/** The step that owns a flat name (`a__b__c` is `c` of child `b` of child `a`), and the name's last part. */
function ownerOf(step: BaseStep, flat: string): { owner: BaseStep; leaf: string } {
  const parts = flat.split('__');
  let owner = step;
  for (const part of parts.slice(0, -1)) {
    const child = owner.getChildren().find((ch) => ch.name === part);
    if (!child) return { owner, leaf: parts.slice(owner === step ? 0 : 1).join('__') };
    owner = child;
  }
  return { owner, leaf: parts[parts.length - 1] };
}

/** Values to try instead of `value`: from ALTERNATIVES, else from its type. Empty when nothing is known. */
function alternativesFor(key: string, value: unknown): unknown[] {
  const listed = ALTERNATIVES[key];
  if (listed) return listed.map((a) => (typeof a === 'function' ? (a as (x: number[][]) => unknown)(X) : a));
  if (typeof value === 'boolean') return [!value];
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 1) return [1, value + 1, value * 10];
    if (value === 0) return [1, 0.5];
    return [value * 100, value / 100];
  }
  return [];
}

type Outcome = 'changed' | 'refused' | 'same';

async function tryValue(c: Case, name: string, value: unknown, reference: string): Promise<Outcome> {
  try {
    return (await fingerprint(c, { [name]: value })) === reference ? 'same' : 'changed';
  } catch (e) {
    if (e instanceof InvalidHyperparameterError) return 'refused';
    throw new Error(
      `${c.label}: ${name} = ${JSON.stringify(value)} threw ${String(e)} (not InvalidHyperparameterError)`,
    );
  }
}

describe('every hyperparameter of every built-in step changes the fit, is refused, or is documented as not affecting it', () => {
  let previous: ConvergenceWarningHandler | null = null;
  const report: string[] = [];
  before(() => {
    previous = setConvergenceWarningHandler(null);
  });
  after(() => {
    setConvergenceWarningHandler(previous);
    console.log(`hyperparameter walk:\n${report.join('\n')}`);
  });

  for (const c of CASES) {
    it(c.label, async () => {
      const defaults = c.make().getHyperparams().toFlat();
      const names = Object.keys(defaults);
      const reference = await fingerprint(c, {});
      assert.equal(await fingerprint(c, {}), reference, `${c.label}: two default fits differ; the walk cannot judge`);
      if (names.length === 0) report.push(`  ${c.label}: no hyperparameters`);
      const failures: string[] = [];
      for (const name of names) {
        const { owner, leaf } = ownerOf(c.make(), name);
        const key = `${owner.constructor.name}.${leaf}`;
        const alternatives = CASE_ALTERNATIVES[c.label]?.[key] ?? alternativesFor(key, defaults[name]);
        if (key in NO_EFFECT) {
          const outcomes = await Promise.all(alternatives.map((v) => tryValue(c, name, v, reference)));
          report.push(
            `  ${c.label}: ${name} documented as no effect (${NO_EFFECT[key]}); tried → ${outcomes.join(', ')}`,
          );
          if (outcomes.includes('changed')) failures.push(`${name} is documented as no effect but changes the fit`);
          continue;
        }
        if (alternatives.length === 0) {
          failures.push(
            `${name} (default ${JSON.stringify(defaults[name])}): no value to try; add ${key} to ALTERNATIVES or NO_EFFECT`,
          );
          continue;
        }
        const outcomes: string[] = [];
        let changed = false;
        let allRefused = true;
        for (const v of alternatives) {
          const o = await tryValue(c, name, v, reference);
          outcomes.push(`${JSON.stringify(v)}: ${o}`);
          changed ||= o === 'changed';
          allRefused &&= o === 'refused';
        }
        report.push(`  ${c.label}: ${name} (default ${JSON.stringify(defaults[name])}) → ${outcomes.join('; ')}`);
        if (!changed && !allRefused)
          failures.push(`${name}: silently ignored — no value changed the fit (${outcomes.join('; ')})`);
      }
      assert.deepEqual(failures, [], `${c.label}:\n  ${failures.join('\n  ')}`);
    });
  }
});
