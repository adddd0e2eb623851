import { invalidArgument, requireFinite } from '../errors.ts';
import { normMass, normPdf, truncNormCdf, truncNormSample } from '../math.ts';
import { type RandomSource, SeededRandom } from '../random.ts';
import { type HardClip, readClip } from './clip.ts';
import { Distribution } from './Distribution.ts';

const LN2 = Math.LN2;

/**
 * Log-normal distribution in log2 space like Neuraxle: `X = 2 ** Y` with
 * `Y ~ N(logSpaceMean, logSpaceStd)`, optionally truncated so that
 * hardClipMin <= X <= hardClipMax (pdf/cdf renormalised to the truncation).
 */
export class LogNormal extends Distribution<number> {
  static readonly classId = 'ferry.LogNormal';
  /** Mean of log2(X) before truncation. */
  logSpaceMean: number;
  /** Standard deviation of log2(X) before truncation, > 0. */
  logSpaceStd: number;
  /** Lower bound on X (>= 0), or null. */
  hardClipMin: number | null;
  /** Upper bound on X, or null. */
  hardClipMax: number | null;

  constructor(logSpaceMean: number, logSpaceStd: number, clip?: HardClip) {
    super();
    requireFinite('LogNormal', 'logSpaceMean', logSpaceMean);
    requireFinite('LogNormal', 'logSpaceStd', logSpaceStd);
    if (!(logSpaceStd > 0)) throw invalidArgument('LogNormal', 'logSpaceStd', `must be > 0, got ${logSpaceStd}`);
    [this.hardClipMin, this.hardClipMax] = readClip('LogNormal', clip, 0);
    if (this.hardClipMax === 0) throw invalidArgument('LogNormal', 'hardClipMax', 'must be > 0');
    this.logSpaceMean = logSpaceMean;
    this.logSpaceStd = logSpaceStd;
    const [a, b] = this.bounds();
    if (!(normMass(a, b) > 0))
      throw invalidArgument('LogNormal', 'hardClipMin', 'the clip range has no probability mass');
  }

  /** Clip bounds as standard units of log2(X). */
  private bounds(): [number, number] {
    const toZ = (x: number) => (Math.log2(x) - this.logSpaceMean) / this.logSpaceStd;
    const a = this.hardClipMin === null ? Number.NEGATIVE_INFINITY : toZ(this.hardClipMin);
    const b = this.hardClipMax === null ? Number.POSITIVE_INFINITY : toZ(this.hardClipMax);
    return [a, b];
  }

  override rvs(rng?: RandomSource): number {
    const r = SeededRandom.from(rng);
    if (this.hardClipMin === null && this.hardClipMax === null) {
      return 2 ** (this.logSpaceMean + this.logSpaceStd * r.normal());
    }
    const [a, b] = this.bounds();
    const x = 2 ** (this.logSpaceMean + this.logSpaceStd * truncNormSample(a, b, r.next()));
    return Math.min(this.max(), Math.max(this.min(), x));
  }

  override pdf(x: number): number {
    if (!(x > 0) || x < this.min() || x > this.max()) return 0;
    const [a, b] = this.bounds();
    const z = (Math.log2(x) - this.logSpaceMean) / this.logSpaceStd;
    return normPdf(z) / (this.logSpaceStd * x * LN2 * normMass(a, b));
  }

  override cdf(x: number): number {
    if (!(x > 0)) return 0;
    const [a, b] = this.bounds();
    return truncNormCdf((Math.log2(x) - this.logSpaceMean) / this.logSpaceStd, a, b);
  }

  override min(): number {
    return this.hardClipMin ?? 0;
  }

  override max(): number {
    return this.hardClipMax ?? Number.POSITIVE_INFINITY;
  }

  /** E[2^(kY)] for the truncated Y: e^{tm + t²s²/2}·mass(a − ts, b − ts)/mass(a, b), t = k ln 2. */
  private moment(k: number): number {
    const [a, b] = this.bounds();
    const t = k * LN2;
    const s = this.logSpaceStd;
    const shift = t * s;
    return (Math.exp(t * this.logSpaceMean + 0.5 * shift * shift) * normMass(a - shift, b - shift)) / normMass(a, b);
  }

  override mean(): number {
    return this.moment(1);
  }

  override std(): number {
    const m = this.moment(1);
    return Math.sqrt(Math.max(0, this.moment(2) - m * m));
  }

  override isDiscrete(): boolean {
    return false;
  }
}
