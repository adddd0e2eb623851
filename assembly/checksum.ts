// xxHash64 (seed 0), streaming: the integrity checksum of Ferry dump files and packs.
// Reference: https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md (XXH64).

const P1: u64 = 11400714785074694791;
const P2: u64 = 14029467366897019727;
const P3: u64 = 1609587929392839161;
const P4: u64 = 9650029242287828579;
const P5: u64 = 2870177450012600261;

let v1: u64 = 0;
let v2: u64 = 0;
let v3: u64 = 0;
let v4: u64 = 0;
let total: u64 = 0;

@inline
function round(acc: u64, input: u64): u64 {
  acc += input * P2;
  acc = rotl<u64>(acc, 31);
  return acc * P1;
}

@inline
function mergeRound(acc: u64, val: u64): u64 {
  acc ^= round(0, val);
  return acc * P1 + P4;
}

/** Starts a new hash. */
export function xxh64Reset(): void {
  v1 = P1 + P2;
  v2 = P2;
  v3 = 0;
  v4 = 0 - P1;
  total = 0;
}

/** Hashes `len` bytes at `ptr`; `len` must be a multiple of 32 (whole stripes). */
export function xxh64Update(ptr: usize, len: usize): void {
  let a = v1;
  let b = v2;
  let c = v3;
  let d = v4;
  const end = ptr + len;
  let p = ptr;
  while (p < end) {
    a = round(a, load<u64>(p));
    b = round(b, load<u64>(p, 8));
    c = round(c, load<u64>(p, 16));
    d = round(d, load<u64>(p, 24));
    p += 32;
  }
  v1 = a;
  v2 = b;
  v3 = c;
  v4 = d;
  total += <u64>len;
}

/** Hashes the last `len` (< 32 or any) bytes at `ptr` and returns the digest. */
export function xxh64Digest(ptr: usize, len: usize): u64 {
  const whole = len & ~(<usize>31);
  if (whole > 0) xxh64Update(ptr, whole);
  let p = ptr + whole;
  const rest = len - whole;
  total += <u64>rest;
  let h: u64;
  if (total >= 32) {
    h = rotl<u64>(v1, 1) + rotl<u64>(v2, 7) + rotl<u64>(v3, 12) + rotl<u64>(v4, 18);
    h = mergeRound(h, v1);
    h = mergeRound(h, v2);
    h = mergeRound(h, v3);
    h = mergeRound(h, v4);
  } else {
    h = P5;
  }
  h += total;
  const end = p + rest;
  while (p + 8 <= end) {
    h ^= round(0, load<u64>(p));
    h = rotl<u64>(h, 27) * P1 + P4;
    p += 8;
  }
  if (p + 4 <= end) {
    h ^= (<u64>load<u32>(p)) * P1;
    h = rotl<u64>(h, 23) * P2 + P3;
    p += 4;
  }
  while (p < end) {
    h ^= (<u64>load<u8>(p)) * P5;
    h = rotl<u64>(h, 11) * P1;
    p++;
  }
  h ^= h >> 33;
  h *= P2;
  h ^= h >> 29;
  h *= P3;
  h ^= h >> 32;
  return h;
}
