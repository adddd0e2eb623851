/**
 * Numeric helpers for the normal distribution (internal). erfc is accurate to
 * about 1e-12 relative over the whole real line.
 */

const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Complementary error function. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2.5) {
    // erf(x) = 2/sqrt(pi) e^{-x^2} sum_n (2x^2)^n x / (2n+1)!!  (all terms positive)
    let term = x;
    let sum = x;
    const x2 = 2 * x * x;
    for (let n = 1; n < 300; n++) {
      term *= x2 / (2 * n + 1);
      sum += term;
      if (term <= sum * 1e-17) break;
    }
    return 1 - 2 * INV_SQRT_PI * Math.exp(-x * x) * sum;
  }
  if (x > 27) return 0;
  // Continued fraction erfc(x) = e^{-x^2}/sqrt(pi) / (x + (1/2)/(x + (2/2)/(x + ...))).
  let f = x;
  for (let n = 60; n > 0; n--) f = x + n / 2 / f;
  return (Math.exp(-x * x) * INV_SQRT_PI) / f;
}

/** Standard normal density. */
export function normPdf(z: number): number {
  return Number.isFinite(z) ? INV_SQRT_2PI * Math.exp(-0.5 * z * z) : 0;
}

/** Standard normal CDF Φ(z). */
export function normCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Standard normal upper tail 1 − Φ(z), accurate for large z. */
export function normSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

const A = [
  -39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/** Inverse standard normal CDF (Acklam's approximation refined by Halley steps). */
export function normPpf(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else if (p > 1 - 0.02425) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
      (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  }
  for (let i = 0; i < 2; i++) {
    const e = normCdf(x) - p;
    const u = e * Math.sqrt(2 * Math.PI) * Math.exp(0.5 * x * x);
    if (!Number.isFinite(u)) break;
    x -= u / (1 + 0.5 * x * u);
  }
  return x;
}

/** Probability mass of a standard normal between a and b (a <= b), tail-accurate. */
export function normMass(a: number, b: number): number {
  return a > 0 ? normSf(a) - normSf(b) : normCdf(b) - normCdf(a);
}

/** Φ restricted to [a, b] and renormalised: P(a <= Z <= z | a <= Z <= b). */
export function truncNormCdf(z: number, a: number, b: number): number {
  if (z <= a) return 0;
  if (z >= b) return 1;
  return Math.min(1, Math.max(0, normMass(a, z) / normMass(a, b)));
}

/** Inverse-CDF sample of a standard normal truncated to [a, b] from one uniform u in [0, 1). */
export function truncNormSample(a: number, b: number, u: number): number {
  if (a > 0) return -truncNormSample(-b, -a, u);
  const pa = normCdf(a);
  const pb = normCdf(b);
  const x = normPpf(pa + u * (pb - pa));
  return Math.min(b, Math.max(a, x));
}

/** Mean and standard deviation of a standard normal truncated to [a, b]. */
export function truncNormMoments(a: number, b: number): { mean: number; std: number } {
  const z = normMass(a, b);
  const pa = normPdf(a);
  const pb = normPdf(b);
  const mean = (pa - pb) / z;
  const ta = Number.isFinite(a) ? a * pa : 0;
  const tb = Number.isFinite(b) ? b * pb : 0;
  const variance = 1 + (ta - tb) / z - mean * mean;
  return { mean, std: Math.sqrt(Math.max(0, variance)) };
}
