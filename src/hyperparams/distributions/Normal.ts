import { invalidArgument, requireFinite } from '../errors.ts';
import { normMass, normPdf, truncNormCdf, truncNormMoments, truncNormSample } from '../math.ts';
import { type RandomSource, SeededRandom } from '../random.ts';
import { type HardClip, readClip } from './clip.ts';
import { Distribution } from './Distribution.ts';

/**
 * Normal distribution N(mean, std), optionally truncated to
 * [hardClipMin, hardClipMax] like Neuraxle (scipy `truncnorm`): samples are
 * drawn from the truncated law and pdf/cdf are renormalised to it.
 */
export class Normal extends Distribution<number> {
  static readonly classId = 'ferry.Normal';
  /** Mean of the untruncated normal. */
  loc: number;
  /** Standard deviation of the untruncated normal, > 0. */
  scale: number;
  /** Lower truncation bound, or null. */
  hardClipMin: number | null;
  /** Upper truncation bound, or null. */
  hardClipMax: number | null;

  constructor(mean: number, std: number, clip?: HardClip) {
    super();
    requireFinite('Normal', 'mean', mean);
    requireFinite('Normal', 'std', std);
    if (!(std > 0)) throw invalidArgument('Normal', 'std', `must be > 0, got ${std}`);
    [this.hardClipMin, this.hardClipMax] = readClip('Normal', clip, Number.NEGATIVE_INFINITY);
    this.loc = mean;
    this.scale = std;
    if (!(this.mass() > 0)) throw invalidArgument('Normal', 'hardClipMin', 'the clip range has no probability mass');
  }

  /** Clip bounds in standard units. */
  private bounds(): [number, number] {
    const a = this.hardClipMin === null ? Number.NEGATIVE_INFINITY : (this.hardClipMin - this.loc) / this.scale;
    const b = this.hardClipMax === null ? Number.POSITIVE_INFINITY : (this.hardClipMax - this.loc) / this.scale;
    return [a, b];
  }

  private mass(): number {
    const [a, b] = this.bounds();
    return normMass(a, b);
  }

  override rvs(rng?: RandomSource): number {
    const r = SeededRandom.from(rng);
    if (this.hardClipMin === null && this.hardClipMax === null) return this.loc + this.scale * r.normal();
    const [a, b] = this.bounds();
    const x = this.loc + this.scale * truncNormSample(a, b, r.next());
    return Math.min(this.max(), Math.max(this.min(), x));
  }

  override pdf(x: number): number {
    if (x < this.min() || x > this.max()) return 0;
    return normPdf((x - this.loc) / this.scale) / (this.scale * this.mass());
  }

  override cdf(x: number): number {
    const [a, b] = this.bounds();
    return truncNormCdf((x - this.loc) / this.scale, a, b);
  }

  override min(): number {
    return this.hardClipMin ?? Number.NEGATIVE_INFINITY;
  }

  override max(): number {
    return this.hardClipMax ?? Number.POSITIVE_INFINITY;
  }

  override mean(): number {
    const [a, b] = this.bounds();
    return this.loc + this.scale * truncNormMoments(a, b).mean;
  }

  override std(): number {
    const [a, b] = this.bounds();
    return this.scale * truncNormMoments(a, b).std;
  }

  override isDiscrete(): boolean {
    return false;
  }
}
