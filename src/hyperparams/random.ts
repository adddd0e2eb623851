import { InvalidHyperparameterError } from '../errors/index.ts';

const TWO_POW_32 = 4294967296;

/** A seed (32-bit integer, taken modulo 2^32) or an existing generator to draw from. */
export type RandomSource = SeededRandom | number;

/** SplitMix32 step: returns the next state and a well-mixed 32-bit output. */
function splitmix32(state: number): [next: number, out: number] {
  const next = (state + 0x9e3779b9) | 0;
  let t = next ^ (next >>> 16);
  t = Math.imul(t, 0x21f0aaad);
  t ^= t >>> 15;
  t = Math.imul(t, 0x735a2d97);
  t ^= t >>> 15;
  return [next, t >>> 0];
}

/**
 * Small seeded PRNG: xoshiro128** seeded through SplitMix32 from a 32-bit integer.
 *
 * The integer stream (`nextUint32`, `next`, `int`) uses only 32-bit integer
 * arithmetic, so it is bit-identical on every JavaScript runtime. The state is
 * four plain numbers, so an instance survives a field-by-field dump/load.
 */
export class SeededRandom {
  s0: number;
  s1: number;
  s2: number;
  s3: number;

  /** @param seed an integer; it is reduced modulo 2^32. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new InvalidHyperparameterError('SeededRandom', 'seed', `must be a safe integer, got ${seed}`);
    }
    let state = seed >>> 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(state);
      state = next;
      words.push(out);
    }
    this.s0 = words[0];
    this.s1 = words[1];
    this.s2 = words[2];
    this.s3 = words[3];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /**
   * Returns `source` itself when it is a generator, a new generator seeded with
   * it when it is a number, or a generator with a random seed when absent.
   */
  static from(source?: RandomSource): SeededRandom {
    if (source instanceof SeededRandom) return source;
    if (source === undefined) return new SeededRandom(Math.floor(Math.random() * TWO_POW_32));
    return new SeededRandom(source);
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of resolution (one draw). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Standard normal deviate by Box–Muller (exactly two draws). */
  normal(): number {
    const u1 = 1 - this.next(); // (0, 1]
    const u2 = this.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Unbiased uniform integer in [min, maxInclusive] (rejection sampling). */
  int(min: number, maxInclusive: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(maxInclusive) || maxInclusive < min) {
      throw new InvalidHyperparameterError('SeededRandom', 'int', `invalid range [${min}, ${maxInclusive}]`);
    }
    const range = maxInclusive - min + 1;
    if (range > TWO_POW_32) {
      throw new InvalidHyperparameterError('SeededRandom', 'int', `range ${range} exceeds 2^32`);
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % range);
    let u = this.nextUint32();
    while (u >= limit) u = this.nextUint32();
    return min + (u % range);
  }

  /** Independent copy with the same state. */
  clone(): SeededRandom {
    const copy = Object.create(SeededRandom.prototype) as SeededRandom;
    copy.s0 = this.s0;
    copy.s1 = this.s1;
    copy.s2 = this.s2;
    copy.s3 = this.s3;
    return copy;
  }
}
