// Seeded xoshiro128** PRNG (state seeded by splitmix32) and Fisher–Yates permutations.

let s0: u32 = 0;
let s1: u32 = 0;
let s2: u32 = 0;
let s3: u32 = 0;

function splitmix32(state: u32): u32 {
  let z = state + 0x9e3779b9;
  z = (z ^ (z >>> 16)) * 0x85ebca6b;
  z = (z ^ (z >>> 13)) * 0xc2b2ae35;
  return z ^ (z >>> 16);
}

/** Seed the generator; the same seed always yields the same stream. */
export function seedRandom(seed: u32): void {
  let st = seed;
  s0 = splitmix32(st);
  st += 0x9e3779b9;
  s1 = splitmix32(st);
  st += 0x9e3779b9;
  s2 = splitmix32(st);
  st += 0x9e3779b9;
  s3 = splitmix32(st);
  if ((s0 | s1 | s2 | s3) == 0) s0 = 1;
}

/** Next 32 random bits (xoshiro128**). */
export function nextU32(): u32 {
  const result = rotl<u32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u32>(s3, 11);
  return result;
}

/** Uniform integer in [0, bound) without modulo bias (Lemire's method). */
function below(bound: u32): u32 {
  let m = <u64>nextU32() * <u64>bound;
  let lo = <u32>m;
  if (lo < bound) {
    const threshold: u32 = (<u32>0 - bound) % bound;
    while (lo < threshold) {
      m = <u64>nextU32() * <u64>bound;
      lo = <u32>m;
    }
  }
  return <u32>(m >>> 32);
}

/** Write a uniformly random permutation of 0..n-1 (Fisher–Yates, seeded) into the u32 array at out. */
export function permutation(out: usize, n: i32, seed: u32): void {
  seedRandom(seed);
  for (let i = 0; i < n; i++) store<u32>(out + (<usize>i << 2), <u32>i);
  for (let i = n - 1; i > 0; i--) {
    const j = below(<u32>(i + 1));
    const a = out + (<usize>i << 2);
    const b = out + (<usize>j << 2);
    const t = load<u32>(a);
    store<u32>(a, load<u32>(b));
    store<u32>(b, t);
  }
}

/** Uniform double in [0, 1) with 53 random bits, from the stream started by {@link seedRandom}. */
export function nextF64(): f64 {
  const hi = <u64>(nextU32() >>> 5);
  const lo = <u64>(nextU32() >>> 6);
  return <f64>((hi << 26) | lo) * 1.1102230246251565e-16;
}
