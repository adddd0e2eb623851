import { UnencodableValueError } from '../../errors/dumpErrors.ts';
import { EXT_OBJECT, EXT_STEP, EXT_TENSOR } from './constants.ts';
import { ObjectRef, StepRef, TensorRef } from './refs.ts';
import { checksumBytes } from './xxhash64.ts';

/**
 * Ferry's msgpack encoder for header trees (plain values and refs): the smallest msgpack form of each value, so the
 * bytes are those msgpackr writes with `useRecords: false, variableMapSize: true` (dumps of ferryml ≤ 0.2 were
 * written by msgpackr, and re-saving one gives its bytes back). JavaScript numbers: an integer in [-2^31, 2^32) is the
 * smallest msgpack integer, any other number a float 64; bigints are int 64 (uint 64 past 2^63 - 1); `undefined` is
 * fixext 1 of type 0. Map keys come in the object's own property order. Decoding is decodeMsgpack.ts.
 */
export function packHeader(value: unknown): Uint8Array {
  const w = new Writer();
  w.value(value, 0);
  return w.bytes();
}

/** The deepest nesting written (the decoder's default `maxDepth` is 64: deeper headers would never load). */
const MAX_DEPTH = 64;

const UTF8 = new TextEncoder();

/** A growing byte buffer with msgpack's writers. */
class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private pos = 0;

  bytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.byteLength) return;
    let size = this.buf.byteLength * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  private u8(v: number): void {
    this.room(1);
    this.buf[this.pos++] = v;
  }

  private u16(v: number): void {
    this.room(2);
    this.view.setUint16(this.pos, v);
    this.pos += 2;
  }

  private u32(v: number): void {
    this.room(4);
    this.view.setUint32(this.pos, v);
    this.pos += 4;
  }

  private raw(bytes: Uint8Array): void {
    this.room(bytes.byteLength);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.byteLength;
  }

  value(v: unknown, depth: number): void {
    if (depth > MAX_DEPTH)
      throw new UnencodableValueError(`a structure nested deeper than ${MAX_DEPTH} levels (a cycle?)`);
    switch (typeof v) {
      case 'number':
        this.number(v);
        return;
      case 'string':
        this.string(v);
        return;
      case 'boolean':
        this.u8(v ? 0xc3 : 0xc2);
        return;
      case 'bigint':
        this.bigint(v);
        return;
      case 'undefined':
        this.u8(0xd4);
        this.u8(0x00);
        this.u8(0x00);
        return;
    }
    if (v === null) {
      this.u8(0xc0);
      return;
    }
    if (Array.isArray(v)) {
      this.header(v.length, 0x90, 0xdc, 0xdd);
      for (let i = 0; i < v.length; i++) this.value(v[i], depth + 1);
      return;
    }
    if (v instanceof Uint8Array) {
      this.binary(v);
      return;
    }
    if (v instanceof TensorRef) {
      const body = [v.dtype, [...v.shape], v.offset, v.byteLength, v.container === 'typed' ? 1 : 0];
      this.ext(EXT_TENSOR, [...body, checksumBytes(v.checksum)], depth);
      return;
    }
    if (v instanceof ObjectRef) {
      this.ext(EXT_OBJECT, [v.classId, v.fields], depth);
      return;
    }
    if (v instanceof StepRef) {
      this.ext(EXT_STEP, v.name, depth);
      return;
    }
    const proto: unknown = typeof v === 'object' ? Object.getPrototypeOf(v) : undefined;
    if (proto === Object.prototype || proto === null) {
      const record = v as Record<string, unknown>;
      const keys = Object.keys(record);
      this.header(keys.length, 0x80, 0xde, 0xdf);
      for (const key of keys) {
        this.string(key);
        this.value(record[key], depth + 1);
      }
      return;
    }
    throw new UnencodableValueError(describe(v));
  }

  private number(v: number): void {
    if (Number.isInteger(v) && v >= -0x80000000 && v < 0x100000000) {
      if (v >= 0) {
        if (v < 0x80) {
          this.u8(v);
          return;
        }
        if (v < 0x100) {
          this.u8(0xcc);
          this.u8(v);
          return;
        }
        if (v < 0x10000) {
          this.u8(0xcd);
          this.u16(v);
          return;
        }
        this.u8(0xce);
        this.u32(v);
        return;
      }
      if (v >= -0x20) {
        this.u8(0x100 + v);
        return;
      }
      if (v >= -0x80) {
        this.u8(0xd0);
        this.u8(v + 0x100);
        return;
      }
      if (v >= -0x8000) {
        this.u8(0xd1);
        this.u16(v + 0x10000);
        return;
      }
      this.u8(0xd2);
      this.u32(v + 0x100000000);
      return;
    }
    this.u8(0xcb);
    this.room(8);
    // NaN as the canonical quiet NaN, as msgpackr (and DataView) write it.
    this.view.setFloat64(this.pos, v);
    this.pos += 8;
  }

  private bigint(v: bigint): void {
    this.room(9);
    if (v >= -(2n ** 63n) && v < 2n ** 63n) {
      this.buf[this.pos++] = 0xd3;
      this.view.setBigInt64(this.pos, v);
    } else if (v >= 0n && v < 2n ** 64n) {
      this.buf[this.pos++] = 0xcf;
      this.view.setBigUint64(this.pos, v);
    } else {
      throw new UnencodableValueError(`the bigint ${v}, which needs more than 64 bits`);
    }
    this.pos += 8;
  }

  private string(s: string): void {
    const data = UTF8.encode(s);
    const n = data.byteLength;
    if (n < 0x20) this.u8(0xa0 | n);
    else if (n < 0x100) {
      this.u8(0xd9);
      this.u8(n);
    } else if (n < 0x10000) {
      this.u8(0xda);
      this.u16(n);
    } else {
      this.u8(0xdb);
      this.u32(n);
    }
    this.raw(data);
  }

  private binary(b: Uint8Array): void {
    const n = b.byteLength;
    if (n < 0x100) {
      this.u8(0xc4);
      this.u8(n);
    } else if (n < 0x10000) {
      this.u8(0xc5);
      this.u16(n);
    } else {
      this.u8(0xc6);
      this.u32(n);
    }
    this.raw(b);
  }

  private header(n: number, fix: number, c16: number, c32: number): void {
    if (n < 0x10) this.u8(fix | n);
    else if (n < 0x10000) {
      this.u8(c16);
      this.u16(n);
    } else {
      this.u8(c32);
      this.u32(n);
    }
  }

  private ext(type: number, body: unknown, depth: number): void {
    const inner = new Writer();
    inner.value(body, depth + 1);
    const data = inner.bytes();
    const n = data.byteLength;
    const fixext = n === 1 ? 0xd4 : n === 2 ? 0xd5 : n === 4 ? 0xd6 : n === 8 ? 0xd7 : n === 16 ? 0xd8 : 0;
    if (fixext) this.u8(fixext);
    else if (n < 0x100) {
      this.u8(0xc7);
      this.u8(n);
    } else if (n < 0x10000) {
      this.u8(0xc8);
      this.u16(n);
    } else {
      this.u8(0xc9);
      this.u32(n);
    }
    this.u8(type);
    this.raw(data);
  }
}

function describe(v: unknown): string {
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'symbol') return 'a symbol';
  const name = (v as { constructor?: { name?: string } }).constructor?.name;
  return name ? `an object of class ${name} (not a plain map, list, Uint8Array or ref)` : 'an object';
}
