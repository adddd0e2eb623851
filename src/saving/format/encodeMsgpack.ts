import { addExtension, Packr } from 'msgpackr';
import { EXT_OBJECT, EXT_STEP, EXT_TENSOR } from './constants.ts';
import { ObjectRef, StepRef, TensorRef } from './refs.ts';
import { checksumBytes } from './xxhash64.ts';

// Plain msgpack only: no records/structures (which msgpackr would compile with `new Function`), 64-bit integers
// for bigints. Decoding is Ferry's own single-pass decoder (decodeMsgpack.ts), never msgpackr's.
const packr = new Packr({ useRecords: false, moreTypes: false, structuredClone: false, variableMapSize: true });

addExtension({
  Class: TensorRef,
  type: EXT_TENSOR,
  pack: (t: TensorRef) =>
    packr.pack([
      t.dtype,
      [...t.shape],
      t.offset,
      t.byteLength,
      t.container === 'typed' ? 1 : 0,
      checksumBytes(t.checksum),
    ]),
});

addExtension({
  Class: ObjectRef,
  type: EXT_OBJECT,
  pack: (o: ObjectRef) => packr.pack([o.classId, o.fields]),
});

addExtension({
  Class: StepRef,
  type: EXT_STEP,
  pack: (s: StepRef) => packr.pack(s.name),
});

/** Encodes a header tree (plain values and refs) as msgpack. */
export function packHeader(value: unknown): Uint8Array {
  return packr.pack(value);
}
