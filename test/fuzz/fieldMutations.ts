/**
 * Structured fuzzing behind the checksums: a step file of a valid dump is decoded, one of its fields (or header
 * entries) is mutated as an independent writer could get it wrong (wrong kinds, dtypes and shapes; missing, extra
 * and method-named fields; unknown and misplaced class ids; dangling, repeated and mistyped references; oversized
 * saver lists; bad hyperparameters), and the file is re-encoded with valid checksums — so every case reaches the
 * decoder and, unless the mutation breaks the msgpack itself, the schema check.
 */
import fc from 'fast-check';
import { NDArray } from '../../src/ndarray/NDArray.ts';
import { DEFAULT_DECODE_LIMITS } from '../../src/saving/format/DecodeLimits.ts';
import { decodeMsgpack } from '../../src/saving/format/decodeMsgpack.ts';
import { decodeFerryFile, encodeFerryFile } from '../../src/saving/format/ferryFile.ts';
import { PayloadSection } from '../../src/saving/format/PayloadSection.ts';
import { isPlainRecord } from '../../src/saving/format/plainRecord.ts';
import { ObjectRef, StepRef, TensorRef } from '../../src/saving/format/refs.ts';
import type { Hasher } from '../../src/saving/format/xxhash64.ts';
import { littleEndianBytes, readTensorBytes } from '../../src/saving/tensorBytes.ts';
import { concatWriteData } from '../../src/storage/StorageAdapter.ts';

type Tree = Record<string, unknown>;

/** A step file's header with its tensors read into NDArrays / typed arrays, ready to mutate and re-encode. */
export function openStepFile(bytes: Uint8Array, hasher: Hasher): Tree {
  const decoded = decodeFerryFile(bytes, 'fuzz', hasher);
  const { value } = decodeMsgpack(
    bytes.subarray(40, 40 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(16, true))),
    DEFAULT_DECODE_LIMITS,
    'fuzz',
    40,
  );
  const materialise = (v: unknown): unknown => {
    if (v instanceof TensorRef) {
      const data = readTensorBytes(
        decoded.payload,
        decoded.payloadStart,
        v.dtype,
        v.shape,
        v.offset,
        v.byteLength,
        'fuzz',
      ).slice();
      return v.container === 'typed' ? data : new NDArray(v.dtype, [...v.shape], data);
    }
    if (v instanceof ObjectRef) return new ObjectRef(v.classId, materialise(v.fields) as Tree);
    if (Array.isArray(v)) return v.map(materialise);
    if (isPlainRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, materialise(x)]));
    return v;
  };
  return materialise(value) as Tree;
}

/** Encodes a (mutated) header tree as a `.ferry` file with valid checksums. */
export function sealStepFile(header: Tree, hasher: Hasher): Uint8Array {
  const payload = new PayloadSection(hasher);
  const refs = (v: unknown): unknown => {
    if (v instanceof NDArray || (ArrayBuffer.isView(v) && !(v instanceof DataView))) {
      const nd = v instanceof NDArray ? v : undefined;
      const data = (nd ? nd.data : v) as Float64Array;
      const bytes = littleEndianBytes(data);
      const placed = payload.add(bytes);
      const dtype = nd ? nd.dtype : dtypeOf(data);
      return new TensorRef(
        dtype,
        nd ? [...nd.shape] : [data.length],
        placed.offset,
        bytes.byteLength,
        nd ? 'ndarray' : 'typed',
        placed.checksum,
      );
    }
    if (v instanceof ObjectRef) return new ObjectRef(v.classId, refs(v.fields) as Tree);
    if (Array.isArray(v)) return v.map(refs);
    if (isPlainRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, refs(x)]));
    return v;
  };
  return concatWriteData(encodeFerryFile(refs(header), payload, hasher));
}

function dtypeOf(a: ArrayBufferView): 'float64' | 'float32' | 'int32' | 'uint8' {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint8Array) return 'uint8';
  return 'float64';
}

/** A mutation of one header: what it did, for reports and the corpus. */
export type FieldMutation = (header: Tree, rnd: () => number) => string;

const pick = <T>(items: readonly T[], rnd: () => number): T => items[Math.floor(rnd() * items.length) % items.length];

const WRONG_VALUES: ReadonlyArray<readonly [string, () => unknown]> = [
  ['null', () => null],
  ['a string', () => 'x'],
  ['a number', () => 3],
  ['a negative number', () => -1],
  ['NaN', () => Number.NaN],
  ['a bool', () => true],
  ['a bigint', () => 2n ** 60n],
  ['undefined', () => undefined],
  ['an empty list', () => []],
  ['a list of strings', () => ['x', 'y']],
  ['an empty map', () => ({})],
  ['an int32 tensor', () => new NDArray('int32', [2], new Int32Array([1, 2]))],
  ['a float32 tensor', () => new NDArray('float32', [1, 1], new Float32Array([1]))],
  ['a float64 tensor [0]', () => new NDArray('float64', [0], new Float64Array(0))],
  ['a typed array', () => new Float64Array([1, 2])],
  ['a dangling step reference', () => new StepRef('nowhere')],
  ['an unknown object', () => new ObjectRef('no.Such.Class', {})],
  ['a step class as an object', () => new ObjectRef('ferry.Identity', {})],
  ['a distribution with bad fields', () => new ObjectRef('ferry.Uniform', { low: 2, high: 1 })],
  ['the msgpack saver', () => new ObjectRef('ferry.MsgpackStepSaver', {})],
];

function fieldsOf(header: Tree): Tree {
  if (!isPlainRecord(header.fields)) header.fields = {};
  return header.fields as Tree;
}

/** Tensors of a tree (paths), so shape and dtype mutations find them wherever they are. */
function tensorFields(fields: Tree): string[] {
  return Object.keys(fields).filter((k) => fields[k] instanceof NDArray);
}

const MUTATIONS: ReadonlyArray<FieldMutation> = [
  (h, rnd) => {
    const f = fieldsOf(h);
    const key = pick(Object.keys(f), rnd);
    const [what, make] = pick(WRONG_VALUES, rnd);
    f[key] = make();
    return `field ${key} := ${what}`;
  },
  (h, rnd) => {
    const f = fieldsOf(h);
    const key = pick(Object.keys(f), rnd);
    delete f[key];
    return `field ${key} removed`;
  },
  (h, rnd) => {
    const key = pick(
      ['transform', 'fit', 'setup', 'requiresFit', 'allSavers', 'extra', 'constructor', 'toString'],
      rnd,
    );
    fieldsOf(h)[key] = pick(WRONG_VALUES, rnd)[1]();
    return `extra field ${key}`;
  },
  (h, rnd) => {
    const f = fieldsOf(h);
    const key = pick(tensorFields(f), rnd);
    if (!key) return 'no tensor to retype';
    const t = f[key] as NDArray;
    const dtype = pick(['float32', 'int32', 'uint8', 'bool'] as const, rnd);
    const data =
      dtype === 'float32'
        ? Float32Array.from(t.data as Float64Array)
        : dtype === 'int32'
          ? Int32Array.from(t.data as Float64Array)
          : Uint8Array.from(t.data as Float64Array);
    f[key] = new NDArray(dtype, [...t.shape], data);
    return `tensor ${key} as ${dtype}`;
  },
  (h, rnd) => {
    const f = fieldsOf(h);
    const key = pick(tensorFields(f), rnd);
    if (!key) return 'no tensor to reshape';
    const t = f[key] as NDArray;
    const shapes = [[t.data.length], [1, t.data.length], [t.data.length, 1], [t.data.length + 1], [], [0]];
    const shape = pick(shapes, rnd);
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float64Array(size);
    data.set((t.data as Float64Array).subarray(0, size));
    f[key] = new NDArray('float64', shape, data);
    return `tensor ${key} reshaped [${t.shape}] → [${shape}]`;
  },
  (h, rnd) => {
    const f = fieldsOf(h);
    const n = pick([2, 3, 64, 65, 3000], rnd);
    const saver = pick(
      [
        new ObjectRef('ferry.MsgpackStepSaver', {}),
        new ObjectRef('ferry.TfjsModelSaver', {}),
        new ObjectRef('ferry.Uniform', { low: 0, high: 1 }),
      ],
      rnd,
    );
    f.savers = Array.from({ length: n }, () => saver);
    return `savers := ${n} × ${saver.classId}`;
  },
  (h, rnd) => {
    const hp = (fieldsOf(h).hyperparams as ObjectRef | undefined)?.fields?.values as Tree | undefined;
    if (!isPlainRecord(hp)) return 'no hyperparameters';
    const names = Object.keys(hp);
    const key = rnd() < 0.3 || names.length === 0 ? 'noSuchHyperparameter' : pick(names, rnd);
    const [what, make] = pick(WRONG_VALUES.slice(0, 12), rnd);
    // Only values of the wrong kind: a valid new value would be a different model, not a broken dump.
    hp[key] = key === 'noSuchHyperparameter' ? 1 : make();
    return `hyperparameter ${key} := ${key === 'noSuchHyperparameter' ? 1 : what}`;
  },
  (h, rnd) => {
    const f = fieldsOf(h);
    if (!Array.isArray(f.classes)) return 'no classes';
    const c = [...(f.classes as unknown[])];
    const change = pick(['reverse', 'repeat', 'drop', 'add', 'mix'] as const, rnd);
    if (change === 'reverse') c.reverse();
    if (change === 'repeat') c[c.length - 1] = c[0];
    if (change === 'drop') c.pop();
    if (change === 'add') c.push(typeof c[0] === 'string' ? '~' : 1e9);
    if (change === 'mix') c[0] = typeof c[0] === 'string' ? 0 : 'x';
    f.classes = c;
    return `classes ${change}`;
  },
  (h, rnd) => {
    const f = fieldsOf(h);
    if (!Array.isArray(f.steps)) return 'no steps';
    const s = [...(f.steps as unknown[])];
    const change = pick(['repeat', 'dangling', 'string', 'object'] as const, rnd);
    if (change === 'repeat') s.push(s[0]);
    if (change === 'dangling') s.push(new StepRef('nowhere'));
    if (change === 'string') f.steps = 'steps';
    else if (change === 'object') s[0] = new ObjectRef('ferry.Identity', {});
    if (change !== 'string') f.steps = s;
    return `steps ${change}`;
  },
  (h, rnd) => {
    const key = pick(['format', 'class', 'name', 'extra'], rnd);
    const value =
      key === 'format'
        ? pick([0, 2, 99, '1'], rnd)
        : key === 'class'
          ? pick(['ferry.Ravel', 'ferry.Uniform', 'no.Such', ''], rnd)
          : key === 'name'
            ? 'other'
            : 1;
    h[key] = value;
    return `header ${key} := ${JSON.stringify(value)}`;
  },
  (h) => {
    fieldsOf(h).name = 'other';
    return 'fields.name differs from the folder';
  },
];

/** fast-check arbitrary of one structured mutation: which of `files` to mutate, and a seeded choice of mutation. */
export function fieldMutationArbitrary(
  files: readonly string[],
): fc.Arbitrary<{ file: string; mutation: number; seed: number; asPack: boolean }> {
  return fc.record({
    file: fc.constantFrom(...files),
    mutation: fc.nat(MUTATIONS.length - 1),
    seed: fc.integer(),
    asPack: fc.boolean(),
  });
}

/** Applies mutation number `index` with a PRNG seeded by `seed`; returns its description. */
export function applyMutation(header: Tree, index: number, seed: number): string {
  let s = seed >>> 0 || 1;
  const rnd = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  return MUTATIONS[index](header, rnd);
}
