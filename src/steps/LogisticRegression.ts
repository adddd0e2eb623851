import { InvalidHyperparameterError, InvalidInputError } from '../errors/index.ts';
import type { HyperparameterValue } from '../hyperparams/index.ts';
import { loadKernels } from '../kernels/loadKernels.ts';
import {
  decisionFunction,
  fitLogisticRegression,
  type LogisticFitOptions,
  predictProba as predictProbaKernel,
} from '../kernels/logisticRegression.ts';
import { type ArrayInput, asMatrixF64, asNDArray } from '../ndarray/asNDArray.ts';
import { NDArray } from '../ndarray/NDArray.ts';
import type { ExecutionContext } from '../saving/ExecutionContext.ts';
import { BaseStep, type StepOptions } from '../step/BaseStep.ts';
import { classWeightPairs, normaliseClassWeight } from './classWeight.ts';

/** Progress of a logistic-regression fit: outer iteration and objective value. */
export type FitProgress = (iteration: number, loss: number) => void;

/** Options of {@link LogisticRegression}: the step options plus a progress callback. */
export interface LogisticRegressionOptions extends StepOptions {
  readonly onProgress?: FitProgress;
}

/**
 * scikit-learn's LogisticRegression on Ferry's WASM SIMD kernels: binary (one coefficient row)
 * and multinomial (softmax, one row per class); penalties `'l2'` (L-BFGS), `'l1'` (coordinate
 * descent) and `'none'`.
 *
 * Hyperparameters: `C` (inverse regularisation strength, default 1), `fitIntercept` (true),
 * `dual` (false; only the primal is solved, and like scikit-learn `dual: true` is refused with
 * `'l1'`), `penalty` (`'l2'`), `maxIter` (100), `tol` (1e-4), `solver` (`'auto'`: L-BFGS for l2/none and
 * Newton coordinate descent for l1; `'lbfgs'` refuses l1 like scikit-learn; `'saga'` solves the same objective as
 * `'auto'`; `'liblinear'` (binary only) also penalises the intercept, as liblinear does), `classWeight` (null, `'balanced'`,
 * or an object mapping class label to weight, e.g. `{0: 1, 1: 5}`; it is stored as the flat pair list
 * `[label, weight, label, weight, …]`, which may also be passed directly).
 *
 * After `fit`: `coef` (classes × features; one row for binary), `intercept`, `classes`, `nIter`.
 * `transform` predicts labels; {@link predictProba} gives class probabilities.
 */
export class LogisticRegression extends BaseStep {
  /** Coefficients, `[k, nFeatures]` float64 (k = 1 for binary problems). */
  coef: NDArray | null = null;
  /** Intercepts, `[k]` float64 (zeros without `fitIntercept`). */
  intercept: NDArray | null = null;
  /** Class labels seen in fit, sorted ascending. */
  classes: number[] | null = null;
  /** Iterations the solver ran. */
  nIter = 0;
  /** Number of features seen in fit. */
  nFeatures = 0;
  /** Progress callback for long fits; not an own enumerable field, so never saved. */
  declare private onProgress: FitProgress | undefined;

  constructor(options: LogisticRegressionOptions = {}) {
    super(options);
    if (options.onProgress)
      Object.defineProperty(this, 'onProgress', { value: options.onProgress, enumerable: false, writable: true });
  }

  protected override defaultHyperparams(): Record<string, HyperparameterValue> {
    return {
      C: 1,
      fitIntercept: true,
      dual: false,
      penalty: 'l2',
      maxIter: 100,
      tol: 1e-4,
      classWeight: null,
      solver: 'auto',
    };
  }

  override get requiresFit(): boolean {
    return true;
  }

  /** Accepts `classWeight` as `{label: weight}` (or flattened `classWeight__<label>` keys) and stores it as a pair list. */
  protected override normalizeHyperparams(own: Record<string, unknown>): Record<string, unknown> {
    return normaliseClassWeight(own) as Record<string, unknown>;
  }

  override async setup(context?: ExecutionContext): Promise<this> {
    await loadKernels();
    return super.setup(context);
  }

  /** Validated solver options from the hyperparameters (scikit-learn's errors for bad combinations). */
  private solverOptions(): LogisticFitOptions {
    const h = this.hyperparams;
    const C = h.get('C');
    const penalty = h.get('penalty');
    const dual = h.get('dual');
    const maxIter = h.get('maxIter');
    const tol = h.get('tol');
    if (typeof C !== 'number' || !(C > 0))
      throw new InvalidHyperparameterError(this.name, 'C', `penalty term must be positive; got (C=${String(C)})`);
    if (penalty !== 'l1' && penalty !== 'l2' && penalty !== 'none') {
      throw new InvalidHyperparameterError(
        this.name,
        'penalty',
        `must be 'l1', 'l2' or 'none'; got ${JSON.stringify(penalty)}`,
      );
    }
    if (dual === true && penalty !== 'l2') {
      throw new InvalidHyperparameterError(
        this.name,
        'dual',
        `Unsupported set of arguments: the combination of penalty='${penalty}' and loss='logistic_regression' is not supported when dual=True (as in scikit-learn)`,
      );
    }
    if (typeof maxIter !== 'number' || !Number.isInteger(maxIter) || maxIter < 0) {
      throw new InvalidHyperparameterError(
        this.name,
        'maxIter',
        `must be a non-negative integer; got ${String(maxIter)}`,
      );
    }
    if (typeof tol !== 'number' || !(tol >= 0))
      throw new InvalidHyperparameterError(this.name, 'tol', `must be >= 0; got ${String(tol)}`);
    const solver = h.get('solver');
    if (solver !== 'auto' && solver !== 'lbfgs' && solver !== 'liblinear' && solver !== 'saga') {
      throw new InvalidHyperparameterError(
        this.name,
        'solver',
        `must be 'auto', 'lbfgs', 'liblinear' or 'saga'; got ${JSON.stringify(solver)}`,
      );
    }
    if (solver === 'lbfgs' && penalty === 'l1') {
      throw new InvalidHyperparameterError(
        this.name,
        'solver',
        "Solver lbfgs supports only 'l2' or 'none' penalties, got l1 penalty (as in scikit-learn)",
      );
    }
    return {
      C,
      fitIntercept: h.get('fitIntercept') !== false,
      penalty,
      maxIter,
      tol,
      penalizeIntercept: solver === 'liblinear',
    };
  }

  protected override async fitStep(x: unknown, y: unknown): Promise<void> {
    const opts = this.solverOptions();
    const X = asMatrixF64(x as ArrayInput, `Step "${this.name}" inputs`);
    if (y === undefined || y === null)
      throw new InvalidInputError(`Step "${this.name}"`, 'fit() needs expected outputs (class labels)');
    const labels = asNDArray(y as ArrayInput, `Step "${this.name}" expected outputs`);
    if (labels.size !== X.rows || (labels.ndim === 2 && labels.shape[1] !== 1) || labels.ndim > 2) {
      throw new InvalidInputError(
        `Step "${this.name}"`,
        `expected ${X.rows} labels, got shape [${labels.shape.join(', ')}]`,
      );
    }
    const values = Array.from(labels.data as ArrayLike<number | bigint>, Number);
    const classes = [...new Set(values)].sort((a, b) => a - b);
    if (classes.length < 2) {
      throw new InvalidInputError(
        `Step "${this.name}"`,
        `This solver needs samples of at least 2 classes in the data, but the data contains only one class: ${classes[0]}`,
      );
    }
    if (opts.penalizeIntercept && classes.length > 2) {
      throw new InvalidHyperparameterError(
        this.name,
        'solver',
        "'liblinear' fits one-vs-rest models; Ferry fits multinomial models only: use solver 'auto' for more than 2 classes",
      );
    }
    const index = new Map(classes.map((c, i) => [c, i] as const));
    const yIdx = Int32Array.from(values, (v) => index.get(v) as number);
    const classWeight = this.classWeights(classes, yIdx);
    const result = await fitLogisticRegression(
      X.data,
      X.rows,
      X.cols,
      yIdx,
      classes.length,
      { ...opts, classWeight },
      this.onProgress,
    );
    this.coef = new NDArray('float64', [result.k, X.cols], result.coef);
    this.intercept = new NDArray('float64', [result.k], result.intercept);
    this.classes = classes;
    this.nIter = result.nIter;
    this.nFeatures = X.cols;
  }

  private classWeights(classes: number[], yIdx: Int32Array): Float64Array | undefined {
    const cw = this.hyperparams.get('classWeight');
    if (cw === null || cw === undefined) return undefined;
    const out = new Float64Array(classes.length);
    if (cw === 'balanced') {
      const counts = new Float64Array(classes.length);
      for (const i of yIdx) counts[i]++;
      for (let k = 0; k < classes.length; k++) out[k] = yIdx.length / (classes.length * counts[k]);
      return out;
    }
    const pairs = classWeightPairs(cw);
    if (pairs) {
      const byLabel = new Map(pairs);
      const unknown = pairs.map(([label]) => label).filter((label) => !classes.includes(label));
      if (unknown.length > 0) {
        throw new InvalidHyperparameterError(
          this.name,
          'classWeight',
          `the labels ${JSON.stringify(unknown)} are not classes of the training data (${JSON.stringify(classes)})`,
        );
      }
      classes.forEach((c, k) => {
        out[k] = byLabel.get(c) ?? 1;
      });
      return out;
    }
    throw new InvalidHyperparameterError(
      this.name,
      'classWeight',
      `must be null, 'balanced' or {label: weight}; got ${JSON.stringify(cw)}`,
    );
  }

  private fitted(x: unknown): {
    X: ReturnType<typeof asMatrixF64>;
    coef: NDArray;
    intercept: NDArray;
    classes: number[];
  } {
    this.assertFitted();
    const X = asMatrixF64(x as ArrayInput, `Step "${this.name}" inputs`);
    if (X.cols !== this.nFeatures) {
      throw new InvalidInputError(
        `Step "${this.name}"`,
        `X has ${X.cols} features, but the model was fitted with ${this.nFeatures}`,
      );
    }
    return { X, coef: this.coef as NDArray, intercept: this.intercept as NDArray, classes: this.classes as number[] };
  }

  /** Scores per class (`[n]` for binary, `[n, k]` for multinomial), like `decision_function`. */
  async decisionFunction(x: ArrayInput): Promise<NDArray> {
    await this.ensureSetup();
    const { X, coef, intercept } = this.fitted(x);
    const k = coef.shape[0];
    const scores = await decisionFunction(
      X.data,
      X.rows,
      X.cols,
      coef.data as Float64Array,
      intercept.data as Float64Array,
      k,
    );
    return new NDArray('float64', k === 1 ? [X.rows] : [X.rows, k], scores);
  }

  /** Class probabilities, `[n, nClasses]`, columns in the order of {@link classes}. */
  async predictProba(x: ArrayInput): Promise<NDArray> {
    await this.ensureSetup();
    const { X, coef, intercept, classes } = this.fitted(x);
    const proba = await predictProbaKernel(
      X.data,
      X.rows,
      X.cols,
      coef.data as Float64Array,
      intercept.data as Float64Array,
      coef.shape[0],
    );
    return new NDArray('float64', [X.rows, classes.length], proba);
  }

  /** Predicted class labels, `[n]` float64. */
  async predict(x: ArrayInput): Promise<NDArray> {
    const proba = await this.predictProba(x);
    const [n, k] = proba.shape;
    const classes = this.classes as number[];
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (proba.data[i * k + j] > proba.data[i * k + best]) best = j;
      out[i] = classes[best];
    }
    return new NDArray('float64', [n], out);
  }

  protected transformStep(x: unknown): Promise<NDArray> {
    return this.predict(x as ArrayInput);
  }
}
