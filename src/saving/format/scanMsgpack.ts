import { CorruptDumpError } from '../../errors/index.ts';
import { EXT_OBJECT, EXT_STEP, EXT_TENSOR } from './constants.ts';
import type { DecodeLimits } from './DecodeLimits.ts';

/** Map keys that could reach an object's prototype; the writer never emits them. */
const FORBIDDEN_KEYS = new Set(['__proto__']);

/**
 * Walks a msgpack value without decoding it and checks it against `limits` and the format: every
 * length fits in the bytes that remain (so nothing huge is ever allocated), nesting stays within
 * `maxDepth`, strings/bins/arrays/maps within their bounds, map keys are strings other than
 * `__proto__`, and the only extension types are Ferry's (tensor, object, step, whose bodies are
 * scanned recursively) and msgpack's `undefined` (type 0, one zero byte). msgpackr's own extensions
 * (Error, RegExp, Set, structured-clone references…) are refused. Throws a {@link CorruptDumpError}
 * naming `file` and the absolute offset (`base` + position).
 */
export function scanMsgpack(bytes: Uint8Array, limits: DecodeLimits, file: string, base: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.byteLength;
  let pos = 0;

  const fail = (at: number, what: string): never => {
    throw new CorruptDumpError(file, base + at, what);
  };
  const need = (n: number, what: string): void => {
    if (n > end - pos) fail(pos, `${what} of ${n} bytes runs past the end of the header`);
  };
  const readLength = (size: 1 | 2 | 4): number => {
    need(size, 'length field');
    const v = size === 1 ? view.getUint8(pos) : size === 2 ? view.getUint16(pos) : view.getUint32(pos);
    pos += size;
    return v;
  };

  // Recursion depth is bounded by limits.maxDepth (checked first), so hostile nesting cannot overflow the stack.
  const value = (depth: number, isKey: boolean): void => {
    if (depth > limits.maxDepth) fail(pos, `nesting deeper than ${limits.maxDepth}`);
    need(1, 'type byte');
    const start = pos;
    const t = bytes[pos++];
    if (isKey && !((t >= 0xa0 && t <= 0xbf) || t === 0xd9 || t === 0xda || t === 0xdb))
      fail(start, 'map key is not a string');
    if (t <= 0x7f || t >= 0xe0 || t === 0xc0 || t === 0xc2 || t === 0xc3) return; // fixint, nil, bool
    if (t >= 0x80 && t <= 0x8f) {
      map(t & 0x0f, depth, start);
      return;
    }
    if (t >= 0x90 && t <= 0x9f) {
      array(t & 0x0f, depth, start);
      return;
    }
    if (t >= 0xa0 && t <= 0xbf) {
      str(t & 0x1f, isKey, start);
      return;
    }
    switch (t) {
      case 0xc4:
      case 0xc5:
      case 0xc6: {
        const n = readLength(t === 0xc4 ? 1 : t === 0xc5 ? 2 : 4);
        if (n > limits.maxBinBytes) fail(start, `binary of ${n} bytes exceeds maxBinBytes ${limits.maxBinBytes}`);
        need(n, 'binary');
        pos += n;
        return;
      }
      case 0xca:
        need(4, 'float 32');
        pos += 4;
        return;
      case 0xcb:
      case 0xcf:
      case 0xd3:
        need(8, 'number');
        pos += 8;
        return;
      case 0xcc:
      case 0xd0:
        need(1, 'number');
        pos += 1;
        return;
      case 0xcd:
      case 0xd1:
        need(2, 'number');
        pos += 2;
        return;
      case 0xce:
      case 0xd2:
        need(4, 'number');
        pos += 4;
        return;
      case 0xd9:
        str(readLength(1), isKey, start);
        return;
      case 0xda:
        str(readLength(2), isKey, start);
        return;
      case 0xdb:
        str(readLength(4), isKey, start);
        return;
      case 0xdc:
        array(readLength(2), depth, start);
        return;
      case 0xdd:
        array(readLength(4), depth, start);
        return;
      case 0xde:
        map(readLength(2), depth, start);
        return;
      case 0xdf:
        map(readLength(4), depth, start);
        return;
      case 0xd4:
        ext(1, depth, start);
        return;
      case 0xd5:
        ext(2, depth, start);
        return;
      case 0xd6:
        ext(4, depth, start);
        return;
      case 0xd7:
        ext(8, depth, start);
        return;
      case 0xd8:
        ext(16, depth, start);
        return;
      case 0xc7:
        ext(readLength(1), depth, start);
        return;
      case 0xc8:
        ext(readLength(2), depth, start);
        return;
      case 0xc9:
        ext(readLength(4), depth, start);
        return;
      default:
        fail(start, `byte 0x${t.toString(16)} is not valid msgpack`);
    }
  };

  const str = (n: number, isKey: boolean, start: number): void => {
    if (n > limits.maxStringBytes) fail(start, `string of ${n} bytes exceeds maxStringBytes ${limits.maxStringBytes}`);
    need(n, 'string');
    if (isKey && n === 9 && FORBIDDEN_KEYS.has(new TextDecoder().decode(bytes.subarray(pos, pos + n)))) {
      fail(start, 'map key "__proto__" is not allowed');
    }
    pos += n;
  };

  const array = (n: number, depth: number, start: number): void => {
    if (n > limits.maxArrayLength)
      fail(start, `array of ${n} elements exceeds maxArrayLength ${limits.maxArrayLength}`);
    if (n > end - pos) fail(start, `array of ${n} elements cannot fit in the ${end - pos} bytes left`);
    for (let i = 0; i < n; i++) value(depth + 1, false);
  };

  const map = (n: number, depth: number, start: number): void => {
    if (n > limits.maxMapSize) fail(start, `map of ${n} entries exceeds maxMapSize ${limits.maxMapSize}`);
    if (2 * n > end - pos) fail(start, `map of ${n} entries cannot fit in the ${end - pos} bytes left`);
    for (let i = 0; i < n; i++) {
      value(depth + 1, true);
      value(depth + 1, false);
    }
  };

  const ext = (n: number, depth: number, start: number): void => {
    need(1, 'extension type');
    const type = view.getInt8(pos++);
    need(n, 'extension body');
    if (type === 0) {
      if (n !== 1 || bytes[pos] !== 0) fail(start, 'extension 0 (undefined) must have one zero byte');
      pos += 1;
      return;
    }
    if (type !== EXT_TENSOR && type !== EXT_OBJECT && type !== EXT_STEP) {
      fail(start, `extension type ${type} is not part of the Ferry format`);
    }
    // The body is one complete msgpack value occupying exactly n bytes.
    scanBody(pos, pos + n, depth + 1);
    pos += n;
  };

  const scanBody = (from: number, to: number, depth: number): void => {
    const inner = bytes.subarray(from, to);
    const sub = { ...limits, maxDepth: limits.maxDepth - depth };
    if (sub.maxDepth < 0) fail(from, `nesting deeper than ${limits.maxDepth}`);
    scanMsgpack(inner, sub, file, base + from);
  };

  value(0, false);
  if (pos !== end) fail(pos, `${end - pos} bytes after the end of the msgpack value`);
}
