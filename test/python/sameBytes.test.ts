/**
 * ferryml (Python) writes a header value byte for byte as Ferry's msgpackr encoder does, for 1,000 random values:
 * every number (integers, fractions, -0, NaN, ±Infinity, the int/float boundaries), 64-bit integers, strings of any
 * script, nested lists and maps (keys in JavaScript's property order: array indices first). That is what makes a
 * JS → Python → JS round trip byte-identical.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { packHeader } from '../../src/saving/format/encodeMsgpack.ts';
import { pythonUnavailable, runPython } from './pythonEnv.ts';

const RUNS = 1000;

/** A value as JSON that keeps every float64 bit and bigint (see encodeValues.py). */
function tag(v: unknown): unknown {
  if (typeof v === 'number') {
    const b = new DataView(new ArrayBuffer(8));
    b.setFloat64(0, v);
    return { $f: Array.from(new Uint8Array(b.buffer), (x) => x.toString(16).padStart(2, '0')).join('') };
  }
  if (typeof v === 'bigint') return { $i: v.toString() };
  if (Array.isArray(v)) return v.map(tag);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, tag(x)]));
  return v;
}

const boundaries = fc.constantFrom(
  0,
  -0,
  1,
  -1,
  31,
  32,
  127,
  128,
  255,
  256,
  65535,
  65536,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 53,
  -(2 ** 53),
  0.5,
  1e-300,
  1.7976931348623157e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -32,
  -33,
  -128,
  -129,
  -32768,
  -32769,
);
const number = fc.oneof(boundaries, fc.integer(), fc.double(), fc.integer({ min: -1e15, max: 1e15 }));
const bigint = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n });
const key = fc.oneof(fc.string(), fc.constantFrom('0', '1', '10', '2', '007', '4294967294', '4294967295', 'a'));
/** No lone surrogate (Python strings of decoded dumps never hold one; the encoder refuses them). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);
const scalar = fc.oneof(
  number,
  bigint,
  fc.string({ unit: 'binary' }).filter(wellFormed),
  fc.string({ maxLength: 300 }),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('any'), { maxLength: 20 }),
  map: fc
    .array(
      fc.tuple(
        key.filter((k) => k !== '__proto__' && wellFormed(k)),
        tie('any'),
      ),
      { maxLength: 18 },
    )
    .map((entries) => Object.fromEntries(entries)),
})).any;

it(`${RUNS} random header values: Python's bytes equal msgpackr's`, { skip: pythonUnavailable ?? false }, () => {
  const values = fc.sample(value, { numRuns: RUNS, seed: 20 });
  const lines = values.map((v) => JSON.stringify(tag(v))).join('\n');
  const python = runPython(['test/python/encodeValues.py'], { input: `${lines}\n` })
    .trim()
    .split('\n');
  assert.equal(python.length, values.length);
  let differ = 0;
  const examples: string[] = [];
  values.forEach((v, i) => {
    const ours = Buffer.from(packHeader(v)).toString('hex');
    if (ours !== python[i]) {
      differ++;
      if (examples.length < 5)
        examples.push(
          `${JSON.stringify(tag(v)).slice(0, 300)}\n  msgpackr ${ours.slice(0, 120)}\n  python   ${python[i].slice(0, 120)}`,
        );
    }
  });
  assert.equal(differ, 0, `${differ} of ${values.length} differ:\n${examples.join('\n')}`);
});
