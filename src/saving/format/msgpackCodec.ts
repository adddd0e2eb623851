import { addExtension, Packr, Unpackr } from 'msgpackr';
import { isDType } from '../../ndarray/dtypes.ts';
import { EXT_OBJECT, EXT_STEP, EXT_TENSOR } from './constants.ts';
import { ObjectRef, StepRef, type TensorContainer, TensorRef } from './refs.ts';
import { checksumBytes, checksumFromBytes } from './xxhash64.ts';

/** Thrown while decoding a header whose structure is not what the format allows. */
export class HeaderShapeError extends Error {}

// Plain msgpack only: no records/structures (which msgpackr would compile with `new Function`),
// maps as plain objects, 64-bit integers as bigint so that bigint fields come back as bigint.
const packr = new Packr({ useRecords: false, moreTypes: false, structuredClone: false, variableMapSize: true });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'bigint', structuredClone: false });

function expect(condition: boolean, what: string): asserts condition {
  if (!condition) throw new HeaderShapeError(what);
}

function isUint(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

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
  unpack: (body: Uint8Array) => {
    const v = unpackr.unpack(body) as unknown;
    expect(
      Array.isArray(v) && v.length === 6,
      'tensor descriptor must be [dtype, shape, offset, byteLength, container, checksum]',
    );
    const [dtype, shape, offset, byteLength, container, checksum] = v as unknown[];
    expect(isDType(dtype), `unknown tensor dtype ${String(dtype)}`);
    expect(Array.isArray(shape) && shape.every(isUint), 'tensor shape must be a list of non-negative integers');
    expect(isUint(offset) && isUint(byteLength), 'tensor offset/byteLength must be non-negative integers');
    expect(container === 0 || container === 1, 'tensor container must be 0 (NDArray) or 1 (typed array)');
    expect(checksum instanceof Uint8Array && checksum.byteLength === 8, 'tensor checksum must be 8 bytes');
    const kind: TensorContainer = container === 1 ? 'typed' : 'ndarray';
    return new TensorRef(dtype, shape as number[], offset, byteLength, kind, checksumFromBytes(checksum));
  },
});

addExtension({
  Class: ObjectRef,
  type: EXT_OBJECT,
  pack: (o: ObjectRef) => packr.pack([o.classId, o.fields]),
  unpack: (body: Uint8Array) => {
    const v = unpackr.unpack(body) as unknown;
    expect(Array.isArray(v) && v.length === 2, 'object record must be [classId, fields]');
    const [classId, fields] = v as unknown[];
    expect(typeof classId === 'string', 'object class id must be a string');
    expect(isPlainRecord(fields), 'object fields must be a map');
    return new ObjectRef(classId, fields);
  },
});

addExtension({
  Class: StepRef,
  type: EXT_STEP,
  pack: (s: StepRef) => packr.pack(s.name),
  unpack: (body: Uint8Array) => {
    const name = unpackr.unpack(body) as unknown;
    expect(typeof name === 'string' && name !== '', 'step reference must be a non-empty name');
    return new StepRef(name);
  },
});

/** True for an object made by `{}` or `Object.create(null)` (what msgpack maps decode to). */
export function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Encodes a header tree (plain values and refs) as msgpack. */
export function packHeader(value: unknown): Uint8Array {
  return packr.pack(value);
}

/** Decodes a msgpack header into plain values and refs. */
export function unpackHeader(bytes: Uint8Array): unknown {
  return unpackr.unpack(bytes);
}
