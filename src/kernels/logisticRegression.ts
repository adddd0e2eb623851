import { InvalidInputError } from '../errors/index.ts';
import { fitBinaryL1, fitMultinomialL1 } from './l1Newton.ts';
import { minimizeLbfgs } from './lbfgs.ts';
import { type Kernels, loadKernels } from './loadKernels.ts';

/** Options of {@link fitLogisticRegression} (scikit-learn 1.2 semantics). */
export interface LogisticFitOptions {
  /** Inverse regularisation strength (ignored for penalty 'none'). */
  C: number;
  fitIntercept: boolean;
  penalty: 'l1' | 'l2' | 'none';
  /** Outer iterations (L-BFGS iterations for l2/none, Newton steps — per class cycle when multinomial — for l1). */
  maxIter: number;
  /** l2/none: max |gradient| of the objective C·Σ loss + R scaled by 1/C, i.e. Σ sw·loss + R/C (scikit-learn 1.2's
   * scaling, before PR #26721 divided it by Σsw too; scipy's gtol); l1: relative subgradient decrease. */
  tol: number;
  /** l2/none: scipy's relative-reduction stop (default 2.22e-9, what scikit-learn 1.2 uses); 0 turns it off. */
  ftol?: number;
  /** Per class index; multiplies the sample weights. */
  classWeight?: Float64Array;
  /** Per-sample weights (default 1). */
  sampleWeight?: Float64Array;
  /**
   * Per-sample factors applied after the sample weights are normalised, like `classWeight` (scikit-learn's
   * `class_weight` dict under one-vs-rest, which weighs each sample by its original label in every binary problem).
   */
  sampleFactor?: Float64Array;
  /** Penalise the intercept like liblinear (intercept_scaling = 1). Default false. */
  penalizeIntercept?: boolean;
}

/** Fitted model. */
export interface LogisticFitResult {
  /** k × d row-major. */
  coef: Float64Array;
  /** k intercepts (zeros without fitIntercept). */
  intercept: Float64Array;
  nIter: number;
  /** Rows of coef: 1 for binary problems, nClasses otherwise. */
  k: number;
  converged: boolean;
}

function validate(
  X: Float64Array,
  nSamples: number,
  nFeatures: number,
  yIdx: Int32Array,
  nClasses: number,
  opts: LogisticFitOptions,
): void {
  const where = 'fitLogisticRegression';
  if (X.length !== nSamples * nFeatures) {
    throw new InvalidInputError(where, `X has ${X.length} values, expected ${nSamples}×${nFeatures}`);
  }
  if (yIdx.length !== nSamples) throw new InvalidInputError(where, `y has ${yIdx.length} labels for ${nSamples} rows`);
  const seen = new Set<number>();
  for (let i = 0; i < yIdx.length; i++) {
    const c = yIdx[i];
    if (!(c >= 0 && c < nClasses)) throw new InvalidInputError(where, `label index ${c} outside 0..${nClasses - 1}`);
    seen.add(c);
  }
  if (nClasses < 2 || seen.size < 2) {
    throw new InvalidInputError(
      where,
      'This solver needs samples of at least 2 classes in the data, but the data contains only one class',
    );
  }
  if (opts.penalty !== 'none' && !(opts.C > 0)) throw new InvalidInputError(where, `C must be > 0, got ${opts.C}`);
  if (opts.classWeight && opts.classWeight.length !== nClasses) {
    throw new InvalidInputError(where, `classWeight has ${opts.classWeight.length} entries for ${nClasses} classes`);
  }
  if (opts.sampleWeight && opts.sampleWeight.length !== nSamples) {
    throw new InvalidInputError(where, `sampleWeight has ${opts.sampleWeight.length} entries for ${nSamples} rows`);
  }
  if (opts.sampleFactor && opts.sampleFactor.length !== nSamples) {
    throw new InvalidInputError(where, `sampleFactor has ${opts.sampleFactor.length} entries for ${nSamples} rows`);
  }
}

/** Sample weights times classWeight[y], unnormalised (scikit-learn 1.2's lbfgs objective sums them). */
function rawWeights(nSamples: number, yIdx: Int32Array, opts: LogisticFitOptions): Float64Array {
  const sw = new Float64Array(nSamples);
  let sum = 0;
  for (let i = 0; i < nSamples; i++) {
    sw[i] =
      (opts.sampleWeight ? opts.sampleWeight[i] : 1) *
      (opts.classWeight ? opts.classWeight[yIdx[i]] : 1) *
      (opts.sampleFactor ? opts.sampleFactor[i] : 1);
    sum += sw[i];
  }
  if (!(sum > 0)) throw new InvalidInputError('fitLogisticRegression', 'sample weights sum to zero');
  return sw;
}

/** Sample weights normalised to sum 1 (before class weights, as scikit-learn does), then times classWeight[y]. */
function normalisedWeights(nSamples: number, yIdx: Int32Array, opts: LogisticFitOptions): [Float64Array, number] {
  const sw = new Float64Array(nSamples);
  let sum = 0;
  for (let i = 0; i < nSamples; i++) {
    sw[i] = opts.sampleWeight ? opts.sampleWeight[i] : 1;
    sum += sw[i];
  }
  if (!(sum > 0)) throw new InvalidInputError('fitLogisticRegression', 'sample weights sum to zero');
  for (let i = 0; i < nSamples; i++)
    sw[i] =
      (sw[i] / sum) *
      (opts.classWeight ? opts.classWeight[yIdx[i]] : 1) *
      (opts.sampleFactor ? opts.sampleFactor[i] : 1);
  return [sw, sum];
}

/**
 * Fit scikit-learn-compatible logistic regression on the WASM kernels.
 * Binary (nClasses = 2, one coefficient row) minimises C·Σ sw_i log(1+exp(−s_i z_i)) + R(w); multinomial (nClasses > 2)
 * minimises C·Σ sw_i(logΣexp z_i − z_{i,y_i}) + R(W); R = ½‖w‖² (l2, L-BFGS), ‖w‖₁ (l1, newGLMNET) or 0 ('none').
 * l2/none: the objective is divided by C, as scikit-learn 1.2's lbfgs does (Σ sw·loss + ½‖w‖²/C), so `tol` is
 * scipy's gtol on the same function and the L-BFGS follows scipy's L-BFGS-B step for step.
 * @param X - row-major nSamples × nFeatures.
 * @param yIdx - class index per row (0..nClasses−1); for binary problems index 1 is the positive class.
 * @param onProgress - called after each outer iteration with the (normalised) objective.
 * @throws InvalidInputError for shape mismatches or fewer than two classes.
 */
export async function fitLogisticRegression(
  X: Float64Array,
  nSamples: number,
  nFeatures: number,
  yIdx: Int32Array,
  nClasses: number,
  opts: LogisticFitOptions,
  onProgress?: (iter: number, loss: number) => void,
): Promise<LogisticFitResult> {
  validate(X, nSamples, nFeatures, yIdx, nClasses, opts);
  const kern = await loadKernels();
  const mark = kern.arena.mark();
  try {
    return opts.penalty === 'l1'
      ? fitL1(kern, X, nSamples, nFeatures, yIdx, nClasses, opts, onProgress)
      : fitSmooth(kern, X, nSamples, nFeatures, yIdx, nClasses, opts, onProgress);
  } finally {
    kern.arena.release(mark);
  }
}

function fitSmooth(
  kern: Kernels,
  X: Float64Array,
  n: number,
  d: number,
  yIdx: Int32Array,
  nClasses: number,
  opts: LogisticFitOptions,
  onProgress?: (iter: number, loss: number) => void,
): LogisticFitResult {
  const a = kern.arena;
  const ex = kern.exports;
  const sw = rawWeights(n, yIdx, opts);
  const l2 = opts.penalty === 'l2' ? 1 / opts.C : 0;
  const k = nClasses === 2 ? 1 : nClasses;
  const fi = opts.fitIntercept ? 1 : 0;
  const penB = opts.penalizeIntercept === true;
  const pX = a.putF64(X);
  const pY = a.putI32(yIdx);
  const pSw = a.putF64(sw);
  const nParams = k * d + (fi ? k : 0);
  const pW = a.alloc(k * (d + 1) * 8);
  const pG = a.alloc(k * (d + 1) * 8);
  const pZ = a.alloc(k * 8);
  const fg =
    k === 1
      ? (x: Float64Array, g: Float64Array): number => {
          a.f64(pW, nParams).set(x);
          let f = ex.binaryLossGrad(pX, n, d, pY, pSw, pW, fi, pG);
          g.set(a.f64(pG, nParams));
          const nPen = penB ? nParams : d;
          for (let j = 0; j < nPen; j++) {
            f += 0.5 * l2 * x[j] * x[j];
            g[j] += l2 * x[j];
          }
          return f;
        }
      : (x: Float64Array, g: Float64Array): number => {
          a.f64(pW, k * (d + 1)).fill(0);
          a.f64(pW, nParams).set(x);
          const pB = pW + k * d * 8;
          const pGB = pG + k * d * 8;
          let f = ex.multinomialLossGrad(pX, n, d, k, pY, pSw, pW, pB, fi, pG, pGB, pZ);
          g.set(a.f64(pG, nParams));
          const nPen = penB ? nParams : k * d;
          for (let j = 0; j < nPen; j++) {
            f += 0.5 * l2 * x[j] * x[j];
            g[j] += l2 * x[j];
          }
          return f;
        };
  const res = minimizeLbfgs(
    fg,
    new Float64Array(nParams),
    { maxIter: opts.maxIter, gtol: opts.tol, ftol: opts.ftol },
    onProgress,
  );
  const intercept = new Float64Array(k);
  if (fi) intercept.set(res.x.subarray(k * d, k * d + k));
  return { coef: res.x.slice(0, k * d), intercept, nIter: res.nIter, k, converged: res.converged };
}

function fitL1(
  kern: Kernels,
  X: Float64Array,
  n: number,
  d: number,
  yIdx: Int32Array,
  nClasses: number,
  opts: LogisticFitOptions,
  onProgress?: (iter: number, loss: number) => void,
): LogisticFitResult {
  const a = kern.arena;
  const [sw, swSum] = normalisedWeights(n, yIdx, opts);
  const k = nClasses === 2 ? 1 : nClasses;
  const fi = opts.fitIntercept ? 1 : 0;
  const m = d + fi;
  const problem = {
    x: a.putF64(X),
    n,
    d,
    fi,
    nPen: opts.penalizeIntercept ? m : d,
    lambda: 1 / (opts.C * swSum),
    y: a.putI32(yIdx),
    sw: a.putF64(sw),
    maxIter: opts.maxIter,
    tol: opts.tol,
  };
  const res = k === 1 ? fitBinaryL1(kern, problem, onProgress) : fitMultinomialL1(kern, problem, k, onProgress);
  const coef = new Float64Array(k * d);
  const intercept = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    coef.set(res.w.subarray(c * m, c * m + d), c * d);
    if (fi) intercept[c] = res.w[c * m + d];
  }
  if (k > 1 && fi && !opts.penalizeIntercept) {
    // Softmax is invariant to a common shift of unpenalised intercepts: report the zero-mean representative.
    const mean = intercept.reduce((s, v) => s + v, 0) / k;
    for (let c = 0; c < k; c++) intercept[c] -= mean;
  }
  return { coef, intercept, nIter: res.nIter, k, converged: res.converged };
}

/**
 * Decision values X·coefᵀ + intercept, row-major nSamples × k (k = 1 for binary models).
 */
export async function decisionFunction(
  X: Float64Array,
  nSamples: number,
  nFeatures: number,
  coef: Float64Array,
  intercept: Float64Array,
  k: number,
): Promise<Float64Array> {
  if (X.length !== nSamples * nFeatures || coef.length !== k * nFeatures || intercept.length !== k) {
    throw new InvalidInputError('decisionFunction', 'shape mismatch between X, coef and intercept');
  }
  const kern = await loadKernels();
  const a = kern.arena;
  const mark = a.mark();
  try {
    const out = a.alloc(nSamples * k * 8);
    kern.exports.linearScores(a.putF64(X), nSamples, nFeatures, a.putF64(coef), a.putF64(intercept), k, out);
    return a.getF64(out, nSamples * k);
  } finally {
    a.release(mark);
  }
}

/**
 * Class probabilities, row-major nSamples × nClasses: [1−p, p] for binary models (k = 1), softmax otherwise.
 */
export async function predictProba(
  X: Float64Array,
  nSamples: number,
  nFeatures: number,
  coef: Float64Array,
  intercept: Float64Array,
  k: number,
): Promise<Float64Array> {
  const scores = await decisionFunction(X, nSamples, nFeatures, coef, intercept, k);
  const kern = await loadKernels();
  const a = kern.arena;
  const mark = a.mark();
  try {
    const ps = a.putF64(scores);
    if (k === 1) {
      const out = a.alloc(nSamples * 16);
      kern.exports.sigmoidPairs(ps, nSamples, out);
      return a.getF64(out, nSamples * 2);
    }
    kern.exports.softmaxRows(ps, nSamples, k);
    return a.getF64(ps, nSamples * k);
  } finally {
    a.release(mark);
  }
}
