import { CorruptDumpError } from '../../errors/index.ts';
import { isDType } from '../../ndarray/dtypes.ts';
import { EXT_OBJECT, EXT_STEP, EXT_TENSOR } from './constants.ts';
import type { DecodeLimits } from './DecodeLimits.ts';
import { isPlainRecord } from './plainRecord.ts';
import { ObjectRef, StepRef, TensorRef } from './refs.ts';
import { checksumFromBytes } from './xxhash64.ts';

/** A decoded header: its value, and every tensor descriptor in it in document order. */
export interface DecodedMsgpack {
  readonly value: unknown;
  readonly tensors: readonly TensorRef[];
}

/**
 * The containers (arrays, maps, extension values) a header of `byteLength` bytes may hold: 1,024 plus one per
 * `limits.headerBytesPerContainer` bytes. Empty containers are the cheapest thing to write and among the dearest to
 * build, so this bound is what keeps a hostile header's memory within a small multiple of its size.
 */
export function containerBudget(byteLength: number, limits: DecodeLimits): number {
  return 1024 + Math.floor(byteLength / Math.max(1, limits.headerBytesPerContainer));
}

/**
 * Decodes one msgpack value (a `.ferry` header or a pack index) in a single pass over `bytes`, checking it against
 * `limits` and the format as it goes. Linear in the input: extension bodies are decoded in place, never copied or
 * re-entered through another decoder; no length is trusted before the bytes it claims are known to exist.
 *
 * Refused, as a {@link CorruptDumpError} naming `file` and the absolute offset (`base` + position): nesting deeper
 * than `maxDepth`; strings, binaries, arrays and maps over their limits; more containers than
 * {@link containerBudget}; map keys that are not strings, that are `__proto__`, or that repeat; extension types other
 * than Ferry's tensor (0x46), object (0x47) and step (0x48) and msgpack's `undefined` (type 0, one zero byte);
 * malformed extension bodies; bytes after the value.
 */
export function decodeMsgpack(bytes: Uint8Array, limits: DecodeLimits, file: string, base: number): DecodedMsgpack {
  const decoder = new MsgpackDecoder(bytes, limits, file, base);
  const value = decoder.value(0);
  if (decoder.pos !== bytes.byteLength)
    decoder.fail(decoder.pos, `${bytes.byteLength - decoder.pos} bytes after the end of the msgpack value`);
  return { value, tensors: decoder.tensors };
}

const utf8 = new TextDecoder('utf-8');
/** Strings up to this many bytes are decoded by hand and shared through {@link MsgpackDecoder.strings}. */
const SHORT_STRING = 24;
const STRING_CACHE_SIZE = 4096;

class MsgpackDecoder {
  pos = 0;
  readonly tensors: TensorRef[] = [];
  /** End of the region being decoded: the whole input, or the body of the extension being decoded. */
  private end: number;
  private containers = 0;
  private readonly maxContainers: number;
  private readonly view: DataView;
  /** Short strings seen so far, so that a header repeating one string holds it once. */
  private readonly strings = new Map<string, string>();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly limits: DecodeLimits,
    private readonly file: string,
    private readonly base: number,
  ) {
    this.end = bytes.byteLength;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.maxContainers = containerBudget(bytes.byteLength, limits);
  }

  fail(at: number, what: string): never {
    throw new CorruptDumpError(this.file, this.base + at, what);
  }

  private need(n: number, what: string): void {
    if (n > this.end - this.pos) this.fail(this.pos, `${what} of ${n} bytes runs past the end of the data`);
  }

  private u8(): number {
    this.need(1, 'byte');
    return this.bytes[this.pos++];
  }

  private u16(): number {
    this.need(2, 'length or number');
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }

  private u32(): number {
    this.need(4, 'length or number');
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  private container(start: number): void {
    if (++this.containers > this.maxContainers)
      this.fail(
        start,
        `more than ${this.maxContainers} arrays, maps and extension values in ${this.bytes.byteLength} bytes (1024 + one per ${this.limits.headerBytesPerContainer} bytes)`,
      );
  }

  /** Recursion depth is bounded by limits.maxDepth (checked first), so hostile nesting cannot overflow the stack. */
  value(depth: number): unknown {
    if (depth > this.limits.maxDepth) this.fail(this.pos, `nesting deeper than ${this.limits.maxDepth}`);
    const start = this.pos;
    const t = this.u8();
    if (t <= 0x7f) return t;
    if (t >= 0xe0) return t - 0x100;
    if (t <= 0x8f) return this.map(t & 0x0f, depth, start);
    if (t <= 0x9f) return this.array(t & 0x0f, depth, start);
    if (t <= 0xbf) return this.str(t & 0x1f, start);
    switch (t) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
        return this.bin(this.u8(), start);
      case 0xc5:
        return this.bin(this.u16(), start);
      case 0xc6:
        return this.bin(this.u32(), start);
      case 0xc7:
        return this.ext(this.u8(), depth, start);
      case 0xc8:
        return this.ext(this.u16(), depth, start);
      case 0xc9:
        return this.ext(this.u32(), depth, start);
      case 0xca:
        return this.number(4, () => this.view.getFloat32(this.pos));
      case 0xcb:
        return this.number(8, () => this.view.getFloat64(this.pos));
      case 0xcc:
        return this.u8();
      case 0xcd:
        return this.u16();
      case 0xce:
        return this.u32();
      case 0xcf:
        return this.number(8, () => this.view.getBigUint64(this.pos));
      case 0xd0:
        return this.number(1, () => this.view.getInt8(this.pos));
      case 0xd1:
        return this.number(2, () => this.view.getInt16(this.pos));
      case 0xd2:
        return this.number(4, () => this.view.getInt32(this.pos));
      case 0xd3:
        return this.number(8, () => this.view.getBigInt64(this.pos));
      case 0xd4:
        return this.ext(1, depth, start);
      case 0xd5:
        return this.ext(2, depth, start);
      case 0xd6:
        return this.ext(4, depth, start);
      case 0xd7:
        return this.ext(8, depth, start);
      case 0xd8:
        return this.ext(16, depth, start);
      case 0xd9:
        return this.str(this.u8(), start);
      case 0xda:
        return this.str(this.u16(), start);
      case 0xdb:
        return this.str(this.u32(), start);
      case 0xdc:
        return this.array(this.u16(), depth, start);
      case 0xdd:
        return this.array(this.u32(), depth, start);
      case 0xde:
        return this.map(this.u16(), depth, start);
      case 0xdf:
        return this.map(this.u32(), depth, start);
      default:
        return this.fail(start, `byte 0x${t.toString(16)} is not valid msgpack`);
    }
  }

  private number<T>(size: number, read: () => T): T {
    this.need(size, 'number');
    const v = read();
    this.pos += size;
    return v;
  }

  private str(n: number, start: number): string {
    if (n > this.limits.maxStringBytes)
      this.fail(start, `string of ${n} bytes exceeds maxStringBytes ${this.limits.maxStringBytes}`);
    this.need(n, 'string');
    const from = this.pos;
    this.pos += n;
    if (n > SHORT_STRING) return utf8.decode(this.bytes.subarray(from, from + n));
    let s = '';
    for (let i = from; i < from + n; i++) {
      const c = this.bytes[i];
      if (c >= 0x80) {
        s = utf8.decode(this.bytes.subarray(from, from + n));
        break;
      }
      s += String.fromCharCode(c);
    }
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    if (this.strings.size < STRING_CACHE_SIZE) this.strings.set(s, s);
    return s;
  }

  private bin(n: number, start: number): Uint8Array {
    if (n > this.limits.maxBinBytes)
      this.fail(start, `binary of ${n} bytes exceeds maxBinBytes ${this.limits.maxBinBytes}`);
    this.need(n, 'binary');
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  private array(n: number, depth: number, start: number): unknown[] {
    this.container(start);
    if (n > this.limits.maxArrayLength)
      this.fail(start, `array of ${n} elements exceeds maxArrayLength ${this.limits.maxArrayLength}`);
    if (n > this.end - this.pos)
      this.fail(start, `array of ${n} elements cannot fit in the ${this.end - this.pos} bytes left`);
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = this.value(depth + 1);
    return out;
  }

  private map(n: number, depth: number, start: number): Record<string, unknown> {
    this.container(start);
    if (n > this.limits.maxMapSize)
      this.fail(start, `map of ${n} entries exceeds maxMapSize ${this.limits.maxMapSize}`);
    if (2 * n > this.end - this.pos)
      this.fail(start, `map of ${n} entries cannot fit in the ${this.end - this.pos} bytes left`);
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const keyAt = this.pos;
      const key = this.value(depth + 1);
      if (typeof key !== 'string') this.fail(keyAt, 'map key is not a string');
      if (key === '__proto__') this.fail(keyAt, 'map key "__proto__" is not allowed');
      if (Object.hasOwn(out, key)) this.fail(keyAt, `map key "${key}" appears twice`);
      out[key] = this.value(depth + 1);
    }
    return out;
  }

  private ext(n: number, depth: number, start: number): unknown {
    const type = this.u8();
    this.need(n, 'extension body');
    if (type === 0) {
      if (n !== 1 || this.bytes[this.pos] !== 0) this.fail(start, 'extension 0 (undefined) must have one zero byte');
      this.pos += 1;
      return undefined;
    }
    if (type !== EXT_TENSOR && type !== EXT_OBJECT && type !== EXT_STEP) {
      this.fail(start, `extension type ${type > 127 ? type - 256 : type} is not part of the Ferry format`);
    }
    this.container(start);
    // The body is one complete msgpack value occupying exactly n bytes, decoded where it lies.
    const outerEnd = this.end;
    const bodyEnd = this.pos + n;
    this.end = bodyEnd;
    const body = this.value(depth + 1);
    if (this.pos !== bodyEnd) this.fail(this.pos, `${bodyEnd - this.pos} bytes after the value in an extension body`);
    this.end = outerEnd;
    if (type === EXT_TENSOR) return this.tensor(body, start);
    if (type === EXT_OBJECT) {
      if (!Array.isArray(body) || body.length !== 2) this.fail(start, 'object record must be [classId, fields]');
      const [classId, fields] = body;
      if (typeof classId !== 'string' || classId === '') this.fail(start, 'object class id must be a non-empty string');
      if (!isPlainRecord(fields)) this.fail(start, 'object fields must be a map');
      return new ObjectRef(classId, fields);
    }
    if (typeof body !== 'string' || body === '') this.fail(start, 'step reference must be a non-empty name');
    return new StepRef(body);
  }

  private tensor(body: unknown, start: number): TensorRef {
    if (!Array.isArray(body) || body.length !== 6)
      this.fail(start, 'tensor descriptor must be [dtype, shape, offset, byteLength, container, checksum]');
    const [dtype, shape, offset, byteLength, container, checksum] = body;
    if (!isDType(dtype)) this.fail(start, `unknown tensor dtype ${JSON.stringify(String(dtype))}`);
    if (!Array.isArray(shape) || !shape.every(isUint))
      this.fail(start, 'tensor shape must be a list of non-negative integers');
    let elements = 1;
    for (const d of shape as number[]) {
      if (d > this.limits.maxTensorElements)
        this.fail(start, `tensor dimension ${d} exceeds maxTensorElements ${this.limits.maxTensorElements}`);
      elements *= d;
    }
    if (elements > this.limits.maxTensorElements)
      this.fail(
        start,
        `tensor of shape [${shape.join(', ')}] exceeds maxTensorElements ${this.limits.maxTensorElements}`,
      );
    if (!isUint(offset) || !isUint(byteLength))
      this.fail(start, 'tensor offset and byteLength must be non-negative integers');
    if (container !== 0 && container !== 1) this.fail(start, 'tensor container must be 0 (NDArray) or 1 (typed array)');
    if (!(checksum instanceof Uint8Array) || checksum.byteLength !== 8)
      this.fail(start, 'tensor checksum must be 8 bytes');
    const ref = new TensorRef(
      dtype,
      shape as number[],
      offset,
      byteLength,
      container === 1 ? 'typed' : 'ndarray',
      checksumFromBytes(checksum),
    );
    this.tensors.push(ref);
    return ref;
  }
}

function isUint(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
