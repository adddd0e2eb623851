/**
 * Ferry's header encoder writes exactly the bytes msgpackr writes with the options ferryml ≤ 0.2 used (msgpackr is
 * the oracle here, a dev dependency only), so dumps re-saved by this version keep their bytes, and the decoder reads
 * back every value it wrote.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hasErrorCode } from 'ferryml';
import { addExtension, Packr } from 'msgpackr';
import { EXT_OBJECT, EXT_STEP, EXT_TENSOR } from '../../src/saving/format/constants.ts';
import { DEFAULT_DECODE_LIMITS } from '../../src/saving/format/DecodeLimits.ts';
import { decodeMsgpack } from '../../src/saving/format/decodeMsgpack.ts';
import { packHeader } from '../../src/saving/format/encodeMsgpack.ts';
import { ObjectRef, StepRef, TensorRef } from '../../src/saving/format/refs.ts';
import { checksumBytes } from '../../src/saving/format/xxhash64.ts';

const oracle = new Packr({ useRecords: false, moreTypes: false, structuredClone: false, variableMapSize: true });
addExtension({
  Class: TensorRef,
  type: EXT_TENSOR,
  pack: (t: TensorRef) =>
    oracle.pack([
      t.dtype,
      [...t.shape],
      t.offset,
      t.byteLength,
      t.container === 'typed' ? 1 : 0,
      checksumBytes(t.checksum),
    ]),
});
addExtension({ Class: ObjectRef, type: EXT_OBJECT, pack: (o: ObjectRef) => oracle.pack([o.classId, o.fields]) });
addExtension({ Class: StepRef, type: EXT_STEP, pack: (s: StepRef) => oracle.pack(s.name) });

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

const numbers = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    0,
    -0,
    127,
    128,
    255,
    256,
    65535,
    65536,
    2 ** 31 - 1,
    -(2 ** 31),
    2 ** 32 - 1,
    2 ** 32,
    -33,
    -32,
    -129,
    -32769,
    2 ** 53,
    Number.NaN,
    Infinity,
    -Infinity,
    0.5,
    1e-300,
  ),
);
const strings = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ minLength: 30, maxLength: 70_000, unit: 'binary' }),
);
const bigints = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
  fc.constantFrom(0n, -1n, 2n ** 63n - 1n, 2n ** 63n),
);
const keys = fc.oneof(
  fc.string({ maxLength: 12 }).filter((k) => k !== '__proto__'),
  fc.nat({ max: 40 }).map(String),
);

const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numbers,
    strings,
    bigints,
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 300 }),
    fc.array(tie('tree'), { maxLength: 20 }),
    fc.dictionary(keys, tie('tree'), { maxKeys: 20 }),
    fc.record({ name: fc.string({ maxLength: 10 }) }).map(({ name }) => new StepRef(name)),
    fc
      .tuple(fc.string({ maxLength: 10 }), fc.dictionary(keys, tie('tree'), { maxKeys: 4 }))
      .map(([id, f]) => new ObjectRef(id, f)),
    fc
      .tuple(
        fc.constantFrom('float64', 'float32', 'uint8'),
        fc.array(fc.nat({ max: 9 }), { maxLength: 3 }),
        fc.nat(),
        fc.nat(),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      )
      .map(
        ([dtype, shape, offset, length, sum]) =>
          new TensorRef(dtype as 'float64', shape, offset * 8, length, 'ndarray', sum),
      ),
  ),
}));

describe("Ferry's msgpack encoder", () => {
  it('writes msgpackr’s bytes for 3,000 random header trees, and decodes back to them', () => {
    let compared = 0;
    let refused = 0;
    fc.assert(
      fc.property(tree, (value) => {
        const ours = packHeader(value);
        assert.equal(hex(ours), hex(oracle.pack(value)));
        compared++;
        // Whatever the decoder accepts (it refuses, typed, what no dump holds: an empty step name…) encodes back to
        // the same bytes.
        let decoded: unknown;
        try {
          decoded = decodeMsgpack(ours, { ...DEFAULT_DECODE_LIMITS, maxStringBytes: 1e6 }, 'test', 0).value;
        } catch (e) {
          assert.ok(hasErrorCode(e, 'FERRY_CORRUPT_DUMP'), String(e));
          refused++;
          return;
        }
        assert.equal(hex(packHeader(decoded)), hex(ours), 'decode then encode gives the same bytes');
      }),
      { numRuns: 3000, seed: 11 },
    );
    console.log(
      `encoder: ${compared} random trees byte-identical to msgpackr; ${compared - refused} decoded back to the same bytes, ${refused} refused by the decoder`,
    );
    assert.ok(compared - refused > 2000);
  });

  it('refuses values the format cannot hold with a typed error', () => {
    for (const bad of [() => 1, Symbol('s'), new Date(0), new Map(), 2n ** 64n, new Float32Array(2)]) {
      assert.throws(
        () => packHeader({ a: bad }),
        (e) => hasErrorCode(e, 'FERRY_UNENCODABLE_VALUE'),
      );
    }
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    assert.throws(
      () => packHeader(deep),
      (e) => hasErrorCode(e, 'FERRY_UNENCODABLE_VALUE'),
    );
  });
});
