/**
 * Trained in JavaScript, scored in Python, and back: Ferry fits models on datasets bundled with scikit-learn
 * (test/python/datasets.py) and saves them; `ferryml.sklearn.load` rebuilds each as fitted scikit-learn estimators
 * (test/python/loadFerryDumps.py), whose predictions, probabilities, decision functions and transforms equal Ferry's
 * within 1e-12 (labels identical); exporting them again writes every file byte for byte as Ferry wrote it
 * (JS → Python → JS bit-identical, including what scikit-learn has no attribute for: a search space, `converged`,
 * Ferry's solver `'auto'`), and Python's pack of a dump equals Ferry's `pack()` of it.
 */
import assert from 'node:assert/strict';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type BaseStep,
  ExecutionContext,
  FileSystemStorage,
  KMeans,
  LinearRegression,
  LogisticRegression,
  LogUniform,
  MinMaxScaler,
  PCA,
  Pipeline,
  pack,
  Ridge,
  StandardScaler,
} from 'ferryml';
import { GOLDEN_INPUTS } from '../golden/inputs.ts';
import { ROOT } from '../runtimes/build.ts';
import { pythonUnavailable, runPython } from './pythonEnv.ts';
import { type JobResult, type ModelJob, type Op, type OpResult, runModelJobs } from './sklearnJob.ts';

const TOLERANCE = 1e-12;
type Dataset = { X: number[][]; y: number[] | number[][] };

const scaled = (step: BaseStep): Pipeline => new Pipeline([new StandardScaler(), step]);
const IRIS_NAMES = ['setosa', 'versicolor', 'virginica'];

/** name → [dataset, how to fit, the ops scikit-learn and Ferry both compute]. */
const MODELS: Record<string, [string, (d: Dataset) => Promise<BaseStep>, Op[]]> = {
  logreg_multinomial_wine_with_space: [
    'wine',
    async (d) => scaled(new LogisticRegression({ space: { C: new LogUniform(0.01, 10) } })).fit(d.X, d.y),
    ['predict', 'predict_proba', 'decision_function'],
  ],
  logreg_liblinear_ovr_iris_strings: [
    'iris',
    async (d) =>
      scaled(new LogisticRegression({ hyperparams: { solver: 'liblinear' } })).fit(
        d.X,
        (d.y as number[]).map((c) => IRIS_NAMES[c]),
      ),
    ['predict', 'predict_proba', 'decision_function'],
  ],
  logreg_l1_auto_breast_cancer: [
    'breast_cancer',
    async (d) => scaled(new LogisticRegression({ hyperparams: { penalty: 'l1', C: 0.5 } })).fit(d.X, d.y),
    ['predict', 'predict_proba', 'decision_function'],
  ],
  logreg_class_weight_breast_cancer: [
    'breast_cancer',
    async (d) =>
      scaled(new LogisticRegression({ hyperparams: { classWeight: { 0: 2, 1: 0.5 }, maxIter: 300 } })).fit(d.X, d.y),
    ['predict', 'predict_proba'],
  ],
  kmeans_iris: [
    'iris',
    async (d) => new KMeans({ hyperparams: { nClusters: 3, seed: 7 } }).fit(d.X),
    ['predict', 'transform'],
  ],
  pca_whiten_wine: [
    'wine',
    async (d) => new PCA({ hyperparams: { nComponents: 3, whiten: true } }).fit(d.X),
    ['transform'],
  ],
  pca_fraction_breast_cancer: [
    'breast_cancer',
    async (d) => new PCA({ hyperparams: { nComponents: 0.95 } }).fit(d.X),
    ['transform'],
  ],
  minmax_clip_iris: [
    'iris',
    async (d) => new MinMaxScaler({ hyperparams: { featureRange: [-1, 1], clip: true } }).fit(d.X),
    ['transform'],
  ],
  standard_no_std_diabetes: [
    'diabetes',
    async (d) => new StandardScaler({ hyperparams: { withStd: false } }).fit(d.X),
    ['transform'],
  ],
  linear_diabetes: ['diabetes', async (d) => new LinearRegression().fit(d.X, d.y), ['predict']],
  linear_no_intercept_linnerud: [
    'linnerud',
    async (d) => new LinearRegression({ hyperparams: { fitIntercept: false } }).fit(d.X, d.y),
    ['predict'],
  ],
  ridge_linnerud: ['linnerud', async (d) => new Ridge({ hyperparams: { alpha: 0.3 } }).fit(d.X, d.y), ['predict']],
  ridge_svd_diabetes: [
    'diabetes',
    async (d) => new Ridge({ hyperparams: { alpha: 2, solver: 'svd' } }).fit(d.X, d.y),
    ['predict'],
  ],
};

/** The golden v1 dump's logistic regression (4 classes, softmax) and what both sides compute from it. */
const GOLDEN_LR = 'LogisticRegression';
const GOLDEN_OPS: Op[] = ['predict', 'predict_proba', 'decision_function'];

let dir = '';
let ferry: JobResult = {};
let sklearn: Record<string, { sklearnClass: string; ops: Record<string, OpResult> }> = {};

before(async () => {
  if (pythonUnavailable) return;
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, 'tmp', 'ferry-to-sklearn-'));
  runPython([join(ROOT, 'test/python/datasets.py'), join(dir, 'datasets.json')]);
  const data = JSON.parse(readFileSync(join(dir, 'datasets.json'), 'utf8')) as Record<string, Dataset>;
  const root = join(dir, 'js');
  const storage = new FileSystemStorage(root);
  const jobs: Record<string, ModelJob> = {};
  for (const [name, [dataset, fit, ops]] of Object.entries(MODELS)) {
    const model = (await fit(data[dataset])).setName(name);
    await model.save(new ExecutionContext(storage), { fullDump: true });
    const bytes = await pack(storage, name);
    jobs[name] = { pack: Buffer.from(bytes).toString('base64'), inputs: data[dataset].X, ops };
  }
  // A logistic regression saved by ferryml 0.1 (test/golden/v1: no `multiClass`, no `converged`), on its own.
  const golden = join(root, GOLDEN_LR, `${GOLDEN_LR}.ferry`);
  mkdirSync(join(root, GOLDEN_LR), { recursive: true });
  copyFileSync(join(ROOT, 'test/golden/v1/seed_pipeline/LogisticRegression/LogisticRegression.ferry'), golden);
  jobs[GOLDEN_LR] = {
    pack: Buffer.from(await pack(storage, GOLDEN_LR)).toString('base64'),
    inputs: GOLDEN_INPUTS.seed.map((row) => [...row]),
    ops: GOLDEN_OPS,
  };
  ferry = await runModelJobs(jobs);
  const jobsFile = join(dir, 'jobs.json');
  writeFileSync(
    jobsFile,
    JSON.stringify(Object.fromEntries(Object.entries(jobs).map(([n, j]) => [n, { inputs: j.inputs, ops: j.ops }]))),
  );
  sklearn = JSON.parse(runPython([join(ROOT, 'test/python/loadFerryDumps.py'), root, join(dir, 'py'), jobsFile]));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every file of a dump folder (the generation file aside: each publish writes a new one), relative paths. */
function files(folder: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== '.ferry-generation') out.set(relative(folder, path), readFileSync(path));
    }
  };
  walk(folder);
  return out;
}

const skip = pythonUnavailable ?? false;

describe('models trained by Ferry, rebuilt in scikit-learn by ferryml.sklearn.load', () => {
  for (const name of [...Object.keys(MODELS), GOLDEN_LR]) {
    const ops = MODELS[name]?.[2] ?? GOLDEN_OPS;
    it(`${name}: scikit-learn's answers equal Ferry's (≤ ${TOLERANCE}, labels identical)`, { skip }, () => {
      const ours = ferry[name];
      const theirs = sklearn[name];
      assert.ok(theirs, `Python returned nothing for ${name}`);
      for (const op of ops) {
        const f = ours.ops[op];
        const s = theirs.ops[op];
        assert.ok(f && !('error' in f), `${op}: Ferry failed: ${f && 'error' in f ? f.error : 'missing'}`);
        if (s.kind === 'labels' || f.kind === 'labels') {
          assert.deepEqual(f.values, s.values, `${op}: labels differ`);
          continue;
        }
        assert.deepEqual(f.kind === 'numbers' && f.shape, s.shape, `${op}: shape`);
        let max = 0;
        for (let i = 0; i < s.values.length; i++) max = Math.max(max, Math.abs(f.values[i] - s.values[i]));
        assert.ok(max <= TOLERANCE, `${op}: max |scikit-learn − Ferry| = ${max}`);
      }
    });

    it(`${name}: exported again from scikit-learn, every file is byte-identical to Ferry's`, { skip }, () => {
      const js = files(join(dir, 'js', name));
      const py = files(join(dir, 'py', name));
      assert.deepEqual([...py.keys()].sort(), [...js.keys()].sort());
      for (const [key, bytes] of js) assert.ok(bytes.equals(py.get(key) as Buffer), `${key} differs`);
    });

    it(`${name}: Python's pack of the dump equals Ferry's pack()`, { skip }, async () => {
      const ours = await pack(new FileSystemStorage(join(dir, 'js')), name);
      const theirs = readFileSync(join(dir, 'py', `${name}.ferrypack`));
      assert.ok(Buffer.from(ours).equals(theirs), 'pack bytes differ');
    });
  }

  it('the dumps hold what scikit-learn has no attribute for, and it survives the trip', { skip }, () => {
    assert.equal(sklearn.logreg_multinomial_wine_with_space.sklearnClass, 'Pipeline');
    const lr = readFileSync(
      join(dir, 'py', 'logreg_multinomial_wine_with_space', 'LogisticRegression', 'LogisticRegression.ferry'),
    );
    assert.ok(lr.includes(Buffer.from('ferry.LogUniform')), 'the search space is kept');
    assert.ok(lr.includes(Buffer.from('converged')), '`converged` is kept');
  });
});
