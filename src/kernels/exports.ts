/** Raw exports of build/ferry.wasm. Pointers are byte offsets into `memory`; lengths are element counts. */
export interface FerryExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  dotF64(a: number, b: number, n: number): number;
  dotF32(a: number, b: number, n: number): number;
  axpyF64(alpha: number, x: number, y: number, n: number): void;
  axpyF32(alpha: number, x: number, y: number, n: number): void;
  scalF64(alpha: number, x: number, n: number): void;
  scalF32(alpha: number, x: number, n: number): void;
  gemvF64(trans: number, m: number, n: number, alpha: number, a: number, x: number, beta: number, y: number): void;
  gemvF32(trans: number, m: number, n: number, alpha: number, a: number, x: number, beta: number, y: number): void;
  transposeF64(src: number, m: number, n: number, dst: number): void;
  gemmF32WorkBytes(): number;
  gemmF64WorkBytes(): number;
  gemmF32(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
    work: number,
  ): void;
  gemmF64(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
    work: number,
  ): void;
  binaryLossGrad(x: number, n: number, d: number, y: number, sw: number, w: number, fit: number, grad: number): number;
  multinomialLossGrad(
    x: number,
    n: number,
    d: number,
    k: number,
    y: number,
    sw: number,
    w: number,
    b: number,
    fitIntercept: number,
    gradW: number,
    gradB: number,
    zbuf: number,
  ): number;
  linearScores(x: number, n: number, d: number, w: number, b: number, k: number, out: number): void;
  softmaxRows(s: number, n: number, k: number): void;
  sigmoidPairs(s: number, n: number, out: number): void;
  binaryStats(z: number, y: number, sw: number, n: number, r: number, h: number): number;
  binaryLossAlong(z: number, dz: number, alpha: number, y: number, sw: number, n: number): number;
  softmaxClassStats(z: number, n: number, k: number, c: number, y: number, sw: number, r: number, h: number): number;
  softmaxLossAlong(
    z: number,
    n: number,
    k: number,
    c: number,
    dz: number,
    alpha: number,
    y: number,
    sw: number,
  ): number;
  weightedColumnSquares(xc: number, n: number, m: number, h: number, out: number): void;
  cdL1Quadratic(
    xc: number,
    n: number,
    m: number,
    nPen: number,
    lambda: number,
    h: number,
    g: number,
    w: number,
    hd: number,
    delta: number,
    dz: number,
    maxSweeps: number,
    tol: number,
  ): number;
  weightedGram(x: number, n: number, d: number, fitIntercept: number, h: number, out: number): void;
  gradFromResiduals(x: number, n: number, d: number, fitIntercept: number, r: number, g: number): void;
  cdL1Gram(
    gm: number,
    m: number,
    nPen: number,
    lambda: number,
    g: number,
    w: number,
    delta: number,
    gd: number,
    maxSweeps: number,
    tol: number,
  ): number;
  logSumExpRows(s: number, n: number, k: number, out: number): void;
  sigmoidF64(x: number, n: number, out: number): void;
  colMeanVarF64(x: number, n: number, d: number, mean: number, vr: number): void;
  colMeanF64(x: number, n: number, d: number, mean: number): void;
  colMinMaxF64(x: number, n: number, d: number, mn: number, mx: number): void;
  subDivColsF64(x: number, n: number, d: number, sub: number, div: number, out: number): void;
  mulAddColsF64(x: number, n: number, d: number, mul: number, add: number, out: number): void;
  subColsF64(x: number, n: number, d: number, sub: number): void;
  choleskyF64(a: number, m: number): number;
  choleskySolveF64(l: number, m: number, b: number, r: number): void;
  jacobiEigenF64(a: number, m: number, v: number, maxSweeps: number, tol: number): number;
  minSqDistToPointF64(x: number, n: number, d: number, pt: number, closest: number, out: number): number;
  sqDistancesF64(x: number, n: number, d: number, centers: number, k: number, out: number): void;
  lloydStepF64(
    x: number,
    n: number,
    d: number,
    centers: number,
    k: number,
    labels: number,
    dist: number,
    sums: number,
    counts: number,
  ): number;
  nextF64(): number;
  seedRandom(seed: number): void;
  nextU32(): number;
  permutation(out: number, n: number, seed: number): void;
}
