// biome-ignore-all lint/correctness/noVoidTypeReturn: the dispatch in value() returns each case's (void) result to end it.
import { CorruptDumpError } from '../../errors/index.ts';
import { EXT_OBJECT, EXT_STEP, EXT_TENSOR } from './constants.ts';
import type { DecodeLimits } from './DecodeLimits.ts';

/** `__proto__` as UTF-8: the one map key the scanner refuses (the writer never emits it). */
const PROTO_KEY = new TextEncoder().encode('__proto__');

/**
 * Walks a msgpack value without decoding it and checks it against `limits` and the format: every
 * length fits in the bytes that remain (so nothing huge is ever allocated), nesting stays within
 * `maxDepth`, strings/bins/arrays/maps within their bounds, map keys are strings other than
 * `__proto__`, and the only extension types are Ferry's (tensor, object, step, whose bodies are
 * scanned as one complete value each) and msgpack's `undefined` (type 0, one zero byte). msgpackr's
 * own extensions (Error, RegExp, Set, structured-clone references…) are refused. Throws a
 * {@link CorruptDumpError} naming `file` and the absolute offset (`base` + position).
 */
export function scanMsgpack(bytes: Uint8Array, limits: DecodeLimits, file: string, base: number): void {
  const scanner = new MsgpackScanner(bytes, limits, file, base);
  scanner.value(0, false);
  if (scanner.pos !== bytes.byteLength)
    scanner.fail(scanner.pos, `${bytes.byteLength - scanner.pos} bytes after the end of the msgpack value`);
}

class MsgpackScanner {
  pos = 0;
  /** End of the region being scanned: the header, or the body of the extension being scanned. */
  private end: number;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly limits: DecodeLimits,
    private readonly file: string,
    private readonly base: number,
  ) {
    this.end = bytes.byteLength;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(at: number, what: string): never {
    throw new CorruptDumpError(this.file, this.base + at, what);
  }

  private need(n: number, what: string): void {
    if (n > this.end - this.pos) this.fail(this.pos, `${what} of ${n} bytes runs past the end of the header`);
  }

  private length(size: 1 | 2 | 4): number {
    this.need(size, 'length field');
    const v =
      size === 1
        ? this.view.getUint8(this.pos)
        : size === 2
          ? this.view.getUint16(this.pos)
          : this.view.getUint32(this.pos);
    this.pos += size;
    return v;
  }

  private skip(n: number, what: string): void {
    this.need(n, what);
    this.pos += n;
  }

  /** Recursion depth is bounded by limits.maxDepth (checked first), so hostile nesting cannot overflow the stack. */
  value(depth: number, isKey: boolean): void {
    if (depth > this.limits.maxDepth) this.fail(this.pos, `nesting deeper than ${this.limits.maxDepth}`);
    this.need(1, 'type byte');
    const start = this.pos;
    const t = this.bytes[this.pos++];
    if (isKey && !((t >= 0xa0 && t <= 0xbf) || t === 0xd9 || t === 0xda || t === 0xdb))
      this.fail(start, 'map key is not a string');
    if (t <= 0x7f || t >= 0xe0 || t === 0xc0 || t === 0xc2 || t === 0xc3) return; // fixint, nil, bool
    if (t >= 0x80 && t <= 0x8f) return this.map(t & 0x0f, depth, start);
    if (t >= 0x90 && t <= 0x9f) return this.array(t & 0x0f, depth, start);
    if (t >= 0xa0 && t <= 0xbf) return this.str(t & 0x1f, isKey, start);
    switch (t) {
      case 0xc4:
      case 0xc5:
      case 0xc6: {
        const n = this.length(t === 0xc4 ? 1 : t === 0xc5 ? 2 : 4);
        if (n > this.limits.maxBinBytes)
          this.fail(start, `binary of ${n} bytes exceeds maxBinBytes ${this.limits.maxBinBytes}`);
        return this.skip(n, 'binary');
      }
      case 0xca:
      case 0xce:
      case 0xd2:
        return this.skip(4, 'number');
      case 0xcb:
      case 0xcf:
      case 0xd3:
        return this.skip(8, 'number');
      case 0xcc:
      case 0xd0:
        return this.skip(1, 'number');
      case 0xcd:
      case 0xd1:
        return this.skip(2, 'number');
      case 0xd9:
        return this.str(this.length(1), isKey, start);
      case 0xda:
        return this.str(this.length(2), isKey, start);
      case 0xdb:
        return this.str(this.length(4), isKey, start);
      case 0xdc:
        return this.array(this.length(2), depth, start);
      case 0xdd:
        return this.array(this.length(4), depth, start);
      case 0xde:
        return this.map(this.length(2), depth, start);
      case 0xdf:
        return this.map(this.length(4), depth, start);
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
      case 0xc7:
        return this.ext(this.length(1), depth, start);
      case 0xc8:
        return this.ext(this.length(2), depth, start);
      case 0xc9:
        return this.ext(this.length(4), depth, start);
      default:
        this.fail(start, `byte 0x${t.toString(16)} is not valid msgpack`);
    }
  }

  private str(n: number, isKey: boolean, start: number): void {
    if (n > this.limits.maxStringBytes)
      this.fail(start, `string of ${n} bytes exceeds maxStringBytes ${this.limits.maxStringBytes}`);
    this.need(n, 'string');
    if (isKey && n === PROTO_KEY.length && PROTO_KEY.every((b, i) => this.bytes[this.pos + i] === b)) {
      this.fail(start, 'map key "__proto__" is not allowed');
    }
    this.pos += n;
  }

  private array(n: number, depth: number, start: number): void {
    if (n > this.limits.maxArrayLength)
      this.fail(start, `array of ${n} elements exceeds maxArrayLength ${this.limits.maxArrayLength}`);
    if (n > this.end - this.pos)
      this.fail(start, `array of ${n} elements cannot fit in the ${this.end - this.pos} bytes left`);
    for (let i = 0; i < n; i++) this.value(depth + 1, false);
  }

  private map(n: number, depth: number, start: number): void {
    if (n > this.limits.maxMapSize)
      this.fail(start, `map of ${n} entries exceeds maxMapSize ${this.limits.maxMapSize}`);
    if (2 * n > this.end - this.pos)
      this.fail(start, `map of ${n} entries cannot fit in the ${this.end - this.pos} bytes left`);
    for (let i = 0; i < n; i++) {
      this.value(depth + 1, true);
      this.value(depth + 1, false);
    }
  }

  private ext(n: number, depth: number, start: number): void {
    this.need(1, 'extension type');
    const type = this.view.getInt8(this.pos++);
    this.need(n, 'extension body');
    if (type === 0) {
      if (n !== 1 || this.bytes[this.pos] !== 0) this.fail(start, 'extension 0 (undefined) must have one zero byte');
      this.pos += 1;
      return;
    }
    if (type !== EXT_TENSOR && type !== EXT_OBJECT && type !== EXT_STEP) {
      this.fail(start, `extension type ${type} is not part of the Ferry format`);
    }
    // The body is one complete msgpack value occupying exactly n bytes.
    const outerEnd = this.end;
    const bodyEnd = this.pos + n;
    this.end = bodyEnd;
    this.value(depth + 1, false);
    if (this.pos !== bodyEnd) this.fail(this.pos, `${bodyEnd - this.pos} bytes after the value in an extension body`);
    this.end = outerEnd;
  }
}
