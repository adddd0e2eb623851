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
  seedRandom(seed: number): void;
  nextU32(): number;
  permutation(out: number, n: number, seed: number): void;
}
