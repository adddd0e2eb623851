import { InvalidHyperparameterError, InvalidInputError } from '../errors/index.ts';
import type { HyperparameterValue } from '../hyperparams/index.ts';
import { loadKernels } from '../kernels/loadKernels.ts';
import {
  decisionFunction,
  fitLogisticRegression,
  type LogisticFitOptions,
  type LogisticFitResult,
  predictProba as predictProbaKernel,
} from '../kernels/logisticRegression.ts';
import { type ArrayInput, asMatrixF64, asNDArray } from '../ndarray/asNDArray.ts';
import { NDArray } from '../ndarray/NDArray.ts';
import type { ExecutionContext } from '../saving/ExecutionContext.ts';
import { BaseStep, type StepOptions } from '../step/BaseStep.ts';
import { type ClassLabels, encodeLabels, indexOfLabels, labelValues } from './classLabels.ts';
import { classWeightPairs, normaliseClassWeight } from './classWeight.ts';
import { type ConvergenceWarningHandler, emitConvergenceWarning } from './convergence.ts';
import { sampleWeightOf, takeSampleWeight, type WeightedFitOptions, withSampleWeight } from './sampleWeight.ts';

/** Progress of a logistic-regression fit: outer iteration and objective value. */
export type FitProgress = (iteration: number, loss: number) => void;

/** Options of {@link LogisticRegression}: the step options plus callbacks that are never saved. */
export interface LogisticRegressionOptions extends StepOptions {
  readonly onProgress?: FitProgress;
  /**
   * Where this step's `ConvergenceWarning`s go (a fit that stops at `maxIter`, or whose line search fails): a
   * handler, or `'silent'`. Default: the process-wide handler of `setConvergenceWarningHandler` (`console.warn`).
   */
  readonly onConvergenceWarning?: ConvergenceWarningHandler | 'silent';
}

/** Options of {@link LogisticRegression.fit}: `sampleWeight`, scikit-learn's `sample_weight`. */
export type LogisticRegressionFitOptions = WeightedFitOptions;

/** Predicted labels: a float64 NDArray for numeric classes, an array of strings for string classes. */
export type PredictedLabels = NDArray | string[];

/**
 * scikit-learn 1.2's LogisticRegression on Ferry's WASM SIMD kernels: binary (one coefficient row) and multinomial
 * (softmax, one row per class), or one-vs-rest (`multiClass: 'ovr'`, and always with `solver: 'liblinear'`); penalties `'l2'` (L-BFGS), `'l1'` (Newton
 * coordinate descent) and `'none'`.
 *
 * Hyperparameters (anything else, or an unsupported combination, is an `InvalidHyperparameterError`):
 * - `C` (inverse regularisation strength, default 1), `fitIntercept` (true), `penalty` (`'l2'`), `maxIter` (100),
 *   `tol` (1e-4).
 * - `solver`: `'auto'` (default; L-BFGS for l2/none, exactly scikit-learn 1.2's `lbfgs` stopping rule — scipy
 *   L-BFGS-B's gtol = `tol` on Σ sw·loss + ‖w‖²/(2C), relative reduction 2.2e-9 — and Newton coordinate descent for
 *   l1), `'lbfgs'` (l2/none only, like scikit-learn), or `'liblinear'` (liblinear's objective: the intercept is
 *   penalised; one-vs-rest for more than two classes; `'none'` refused like scikit-learn). `'saga'` is refused:
 *   Ferry has no SAGA solver.
 * - `dual` (false): like scikit-learn, `true` is accepted only with `solver: 'liblinear'` and `penalty: 'l2'`. The
 *   l2 problem is strictly convex, so its dual and primal have the same solution; Ferry solves the primal and
 *   reaches the same coefficients (to the solver tolerance) as liblinear's dual solver.
 * - `classWeight` (null, `'balanced'`, or `{label: weight}`, stored as the flat pair list `[label, weight, …]`).
 * - `multiClass` (`'auto'`): scikit-learn's `multi_class`. `'ovr'` fits one binary problem per class (any solver),
 *   `'multinomial'` one softmax problem (not with liblinear, nor for two classes), `'auto'` picks `'ovr'` for two
 *   classes or liblinear and `'multinomial'` otherwise. Dumps without it (ferryml ≤ 0.2) read as `'auto'`.
 *
 * After `fit`: `coef` (one row for binary problems), `intercept`, `classes` (numbers or strings, sorted),
 * `multiClass` (`'multinomial'` or `'ovr'`), `nIter`, `converged`. A fit that does not converge emits a
 * `ConvergenceWarning` (see {@link LogisticRegressionOptions.onConvergenceWarning}). `transform` predicts labels.
 */
export class LogisticRegression extends BaseStep {
  /** Coefficients, `[k, nFeatures]` float64 (k = 1 for binary problems). */
  coef: NDArray | null = null;
  /** Intercepts, `[k]` float64 (zeros without `fitIntercept`). */
  intercept: NDArray | null = null;
  /** Class labels seen in fit, sorted ascending: all numbers or all strings. */
  classes: ClassLabels | null = null;
  /** How rows of `coef` turn into probabilities: softmax (`'multinomial'`) or normalised sigmoids (`'ovr'`). */
  multiClass: 'multinomial' | 'ovr' = 'multinomial';
  /** Iterations the solver ran (the largest over one-vs-rest problems). */
  nIter = 0;
  /** Whether the solver met its tolerance (every one-vs-rest problem did) before `maxIter`. */
  converged = false;
  /** Number of features seen in fit. */
  nFeatures = 0;
  /** Progress callback for long fits; not an own enumerable field, so never saved. */
  declare private onProgress: FitProgress | undefined;
  /** Convergence-warning handler; not an own enumerable field, so never saved. */
  declare private onConvergenceWarning: ConvergenceWarningHandler | 'silent' | undefined;

  constructor(options: LogisticRegressionOptions = {}) {
    super(options);
    if (options.onProgress)
      Object.defineProperty(this, 'onProgress', { value: options.onProgress, enumerable: false, writable: true });
    if (options.onConvergenceWarning) {
      Object.defineProperty(this, 'onConvergenceWarning', {
        value: options.onConvergenceWarning,
        enumerable: false,
        writable: true,
      });
    }
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
      multiClass: 'auto',
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

  /**
   * Fits on inputs `x` (samples × features) and labels `y` (numbers or strings), optionally weighting samples like
   * scikit-learn's `sample_weight`.
   */
  override async fit(x: unknown, y?: unknown, options: LogisticRegressionFitOptions = {}): Promise<this> {
    return withSampleWeight(this, options.sampleWeight, () => super.fit(x, y));
  }

  private solverName(): 'auto' | 'lbfgs' | 'liblinear' {
    const solver = this.hyperparams.get('solver');
    if (solver === 'saga') {
      throw new InvalidHyperparameterError(
        this.name,
        'solver',
        "'saga' is not implemented in Ferry; use 'auto' or 'lbfgs' (same objective, deterministic) or 'liblinear'",
      );
    }
    if (solver !== 'auto' && solver !== 'lbfgs' && solver !== 'liblinear') {
      throw new InvalidHyperparameterError(
        this.name,
        'solver',
        `must be 'auto', 'lbfgs' or 'liblinear'; got ${JSON.stringify(solver)}`,
      );
    }
    return solver;
  }

  /** Validated solver options from the hyperparameters (scikit-learn's errors for bad combinations). */
  private solverOptions(): LogisticFitOptions {
    const h = this.hyperparams;
    const C = h.get('C');
    const penalty = h.get('penalty');
    const dual = h.get('dual');
    const fitIntercept = h.get('fitIntercept');
    const maxIter = h.get('maxIter');
    const tol = h.get('tol');
    if (typeof C !== 'number' || !(C > 0) || !Number.isFinite(C))
      throw new InvalidHyperparameterError(this.name, 'C', `penalty term must be positive; got (C=${String(C)})`);
    if (penalty !== 'l1' && penalty !== 'l2' && penalty !== 'none') {
      throw new InvalidHyperparameterError(
        this.name,
        'penalty',
        `must be 'l1', 'l2' or 'none'; got ${JSON.stringify(penalty)}`,
      );
    }
    if (typeof fitIntercept !== 'boolean')
      throw new InvalidHyperparameterError(this.name, 'fitIntercept', `must be a boolean; got ${String(fitIntercept)}`);
    if (typeof dual !== 'boolean')
      throw new InvalidHyperparameterError(this.name, 'dual', `must be a boolean; got ${String(dual)}`);
    if (typeof maxIter !== 'number' || !Number.isInteger(maxIter) || maxIter < 0) {
      throw new InvalidHyperparameterError(
        this.name,
        'maxIter',
        `must be a non-negative integer; got ${String(maxIter)}`,
      );
    }
    if (typeof tol !== 'number' || !(tol >= 0) || !Number.isFinite(tol))
      throw new InvalidHyperparameterError(this.name, 'tol', `must be a finite number >= 0; got ${String(tol)}`);
    const solver = this.solverName();
    if (solver === 'lbfgs' && penalty === 'l1') {
      throw new InvalidHyperparameterError(
        this.name,
        'solver',
        "Solver lbfgs supports only 'l2' or 'none' penalties, got l1 penalty (as in scikit-learn)",
      );
    }
    if (dual && solver !== 'liblinear') {
      throw new InvalidHyperparameterError(
        this.name,
        'dual',
        `Solver ${solver} supports only dual=False, got dual=True (as in scikit-learn: only 'liblinear' has a dual formulation)`,
      );
    }
    if (dual && penalty !== 'l2') {
      throw new InvalidHyperparameterError(
        this.name,
        'dual',
        `Unsupported set of arguments: the combination of penalty='${penalty}' and loss='logistic_regression' is not supported when dual=True (as in scikit-learn)`,
      );
    }
    if (solver === 'liblinear' && penalty === 'none') {
      throw new InvalidHyperparameterError(
        this.name,
        'penalty',
        "penalty='none' is not supported for the liblinear solver (as in scikit-learn)",
      );
    }
    return { C, fitIntercept, penalty, maxIter, tol, penalizeIntercept: solver === 'liblinear' };
  }

  protected override async fitStep(x: unknown, y: unknown): Promise<void> {
    const opts = this.solverOptions();
    const X = asMatrixF64(x as ArrayInput, `Step "${this.name}" inputs`);
    if (y === undefined || y === null)
      throw new InvalidInputError(`Step "${this.name}"`, 'fit() needs expected outputs (class labels)');
    const values = labelValues(`Step "${this.name}" expected outputs`, y);
    if (values.length !== X.rows)
      throw new InvalidInputError(`Step "${this.name}"`, `expected ${X.rows} labels, got ${values.length}`);
    const { classes, index: yIdx } = encodeLabels(values);
    if (classes.length < 2) {
      throw new InvalidInputError(
        `Step "${this.name}"`,
        `This solver needs samples of at least 2 classes in the data, but the data contains only one class: ${JSON.stringify(classes[0])}`,
      );
    }
    const sampleWeight = sampleWeightOf(this.name, takeSampleWeight(this), X.rows);
    const classWeight = this.classWeights(classes, yIdx);
    const liblinear = opts.penalizeIntercept === true;
    const ovr = this.multiClassMode(classes.length, liblinear) === 'ovr' && classes.length > 2;
    const fits: LogisticFitResult[] = [];
    if (ovr && !liblinear) {
      // scikit-learn 1.2's one-vs-rest for its other solvers: problem c separates class c from the rest; a
      // classWeight dict weighs every sample by its own label in each problem, 'balanced' is recomputed per problem
      // over its two labels.
      const balanced = this.hyperparams.get('classWeight') === 'balanced';
      const factor = classWeight && !balanced ? Float64Array.from(yIdx, (v) => classWeight[v]) : undefined;
      for (let c = 0; c < classes.length; c++) {
        const yc = Int32Array.from(yIdx, (v) => (v === c ? 1 : 0));
        const positives = yc.reduce((n, v) => n + v, 0);
        const binaryWeight = balanced
          ? Float64Array.of(yc.length / (2 * (yc.length - positives)), yc.length / (2 * positives))
          : undefined;
        fits.push(
          await fitLogisticRegression(
            X.data,
            X.rows,
            X.cols,
            yc,
            2,
            { ...opts, sampleWeight, classWeight: binaryWeight, sampleFactor: factor },
            this.onProgress,
          ),
        );
      }
    } else if (ovr) {
      // liblinear's one-vs-rest: problem c weighs its positives by classWeight[c] and its negatives by 1.
      for (let c = 0; c < classes.length; c++) {
        const yc = Int32Array.from(yIdx, (v) => (v === c ? 1 : 0));
        const swc = Float64Array.from(
          yIdx,
          (v, i) => (sampleWeight ? sampleWeight[i] : 1) * (v === c && classWeight ? classWeight[c] : 1),
        );
        fits.push(
          await fitLogisticRegression(X.data, X.rows, X.cols, yc, 2, { ...opts, sampleWeight: swc }, this.onProgress),
        );
      }
    } else {
      fits.push(
        await fitLogisticRegression(
          X.data,
          X.rows,
          X.cols,
          yIdx,
          classes.length,
          { ...opts, classWeight, sampleWeight },
          this.onProgress,
        ),
      );
    }
    const k = fits.reduce((s, r) => s + r.k, 0);
    const coef = new Float64Array(k * X.cols);
    const intercept = new Float64Array(k);
    let row = 0;
    for (const r of fits) {
      coef.set(r.coef, row * X.cols);
      intercept.set(r.intercept, row);
      row += r.k;
    }
    this.coef = new NDArray('float64', [k, X.cols], coef);
    this.intercept = new NDArray('float64', [k], intercept);
    this.classes = classes;
    this.multiClass = ovr || classes.length === 2 ? 'ovr' : 'multinomial';
    this.nIter = Math.max(...fits.map((r) => r.nIter));
    this.converged = fits.every((r) => r.converged);
    this.nFeatures = X.cols;
    if (!this.converged) this.warnNotConverged(opts);
  }

  /**
   * The `multiClass` hyperparameter resolved as scikit-learn 1.2 resolves `multi_class`: `'auto'` is one-vs-rest for
   * two classes or liblinear, multinomial otherwise. liblinear has no multinomial backend, and a multinomial fit of
   * two classes (scikit-learn's softmax over ±decision) is not implemented: both are refused.
   */
  private multiClassMode(nClasses: number, liblinear: boolean): 'ovr' | 'multinomial' {
    const wanted = this.hyperparams.get('multiClass') ?? 'auto';
    if (wanted !== 'auto' && wanted !== 'ovr' && wanted !== 'multinomial')
      throw new InvalidHyperparameterError(
        this.name,
        'multiClass',
        `must be 'auto', 'ovr' or 'multinomial'; got ${JSON.stringify(wanted)}`,
      );
    if (wanted === 'multinomial' && liblinear)
      throw new InvalidHyperparameterError(
        this.name,
        'multiClass',
        "Solver liblinear does not support a multinomial backend (as in scikit-learn); use 'ovr' or 'auto'",
      );
    if (wanted === 'multinomial' && nClasses === 2)
      throw new InvalidHyperparameterError(
        this.name,
        'multiClass',
        "'multinomial' with two classes is not implemented in Ferry; use 'auto' or 'ovr' (one sigmoid row)",
      );
    if (wanted === 'auto') return nClasses === 2 || liblinear ? 'ovr' : 'multinomial';
    return wanted;
  }

  private warnNotConverged(opts: LogisticFitOptions): void {
    const solver = opts.penalizeIntercept === true ? 'liblinear' : opts.penalty === 'l1' ? 'newton-cd (l1)' : 'lbfgs';
    const why =
      this.nIter >= opts.maxIter
        ? `reached the iteration limit (maxIter=${opts.maxIter})`
        : 'stopped: its line search could not make progress';
    emitConvergenceWarning(
      {
        step: this.name,
        solver,
        nIter: this.nIter,
        maxIter: opts.maxIter,
        message: `${solver} failed to converge after ${this.nIter} iterations: it ${why}. Increase the number of iterations (maxIter) or scale the data (e.g. StandardScaler).`,
      },
      this.onConvergenceWarning,
    );
  }

  private classWeights(classes: ClassLabels, yIdx: Int32Array): Float64Array | undefined {
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
      // Labels are compared as text, so {'spam': 2} and {1: 2} both find their class.
      const byLabel = new Map(pairs.map(([label, w]) => [String(label), w] as const));
      const names = (classes as Array<number | string>).map(String);
      const unknown = pairs.map(([label]) => label).filter((label) => !names.includes(String(label)));
      if (unknown.length > 0) {
        throw new InvalidHyperparameterError(
          this.name,
          'classWeight',
          `the labels ${JSON.stringify(unknown)} are not classes of the training data (${JSON.stringify(classes)})`,
        );
      }
      names.forEach((c, k) => {
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
    classes: ClassLabels;
  } {
    this.assertFitted();
    const X = asMatrixF64(x as ArrayInput, `Step "${this.name}" inputs`);
    if (X.cols !== this.nFeatures) {
      throw new InvalidInputError(
        `Step "${this.name}"`,
        `X has ${X.cols} features, but the model was fitted with ${this.nFeatures}`,
      );
    }
    return {
      X,
      coef: this.coef as NDArray,
      intercept: this.intercept as NDArray,
      classes: this.classes as ClassLabels,
    };
  }

  /** Scores per class (`[n]` for binary, `[n, k]` otherwise), like `decision_function`. */
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

  /**
   * Class probabilities, `[n, nClasses]`, columns in the order of {@link classes}: softmax for multinomial models;
   * for one-vs-rest models each class's sigmoid, normalised to sum 1 (scikit-learn's `_predict_proba_lr`).
   */
  async predictProba(x: ArrayInput): Promise<NDArray> {
    await this.ensureSetup();
    const { X, coef, intercept, classes } = this.fitted(x);
    const k = coef.shape[0];
    if (k > 1 && this.multiClass === 'ovr') {
      const scores = (await this.decisionFunction(x)).data as Float64Array;
      for (let i = 0; i < X.rows; i++) {
        let sum = 0;
        for (let c = 0; c < k; c++) {
          const p = 1 / (1 + Math.exp(-scores[i * k + c]));
          scores[i * k + c] = p;
          sum += p;
        }
        for (let c = 0; c < k; c++) scores[i * k + c] /= sum;
      }
      return new NDArray('float64', [X.rows, k], scores);
    }
    const proba = await predictProbaKernel(
      X.data,
      X.rows,
      X.cols,
      coef.data as Float64Array,
      intercept.data as Float64Array,
      k,
    );
    return new NDArray('float64', [X.rows, classes.length], proba);
  }

  /** Natural logarithm of {@link predictProba} (scikit-learn's `predict_log_proba`). */
  async predictLogProba(x: ArrayInput): Promise<NDArray> {
    const proba = await this.predictProba(x);
    const out = Float64Array.from(proba.data as Float64Array, Math.log);
    return new NDArray('float64', proba.shape, out);
  }

  /** Index into {@link classes} of each row's most probable class (the first on ties, like numpy's argmax). */
  private async predictIndex(x: ArrayInput): Promise<Int32Array> {
    const scores = await this.decisionFunction(x);
    const n = scores.shape[0];
    const k = scores.ndim === 1 ? 1 : scores.shape[1];
    const s = scores.data as Float64Array;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (k === 1) {
        out[i] = s[i] > 0 ? 1 : 0;
        continue;
      }
      let best = 0;
      for (let j = 1; j < k; j++) if (s[i * k + j] > s[i * k + best]) best = j;
      out[i] = best;
    }
    return out;
  }

  /** Predicted class labels: `[n]` float64 for numeric classes, a string array for string classes. */
  async predict(x: ArrayInput): Promise<PredictedLabels> {
    const idx = await this.predictIndex(x);
    const classes = this.classes as ClassLabels;
    if (typeof classes[0] === 'string') return Array.from(idx, (i) => classes[i] as string);
    return new NDArray(
      'float64',
      [idx.length],
      Float64Array.from(idx, (i) => classes[i] as number),
    );
  }

  /**
   * Mean accuracy of {@link predict} on `x` against labels `y`, weighted by `sampleWeight` when given (scikit-learn's
   * `score`). A label the model never saw counts as a miss.
   */
  async score(x: ArrayInput, y: ArrayInput | string[], sampleWeight?: ArrayInput): Promise<number> {
    const idx = await this.predictIndex(x);
    const where = `Step "${this.name}" score`;
    const truth = indexOfLabels(this.classes as ClassLabels, labelValues(`${where} labels`, y));
    if (truth.length !== idx.length)
      throw new InvalidInputError(where, `expected ${idx.length} labels, got ${truth.length}`);
    let w: Float64Array | undefined;
    if (sampleWeight !== undefined) {
      const a = asNDArray(sampleWeight, `${where} sampleWeight`);
      if (a.size !== idx.length)
        throw new InvalidInputError(where, `expected ${idx.length} sample weights, got ${a.size}`);
      w = Float64Array.from(a.data as ArrayLike<number>, Number);
    }
    let hit = 0;
    let total = 0;
    for (let i = 0; i < idx.length; i++) {
      const wi = w ? w[i] : 1;
      total += wi;
      if (truth[i] === idx[i]) hit += wi;
    }
    if (!(total > 0)) throw new InvalidInputError(where, 'sample weights sum to zero');
    return hit / total;
  }

  protected transformStep(x: unknown): Promise<PredictedLabels> {
    return this.predict(x as ArrayInput);
  }
}
