/**
 * MD5 (RFC 1321) in plain TypeScript, incremental: WebCrypto has no MD5, and S3 needs it for
 * `Content-MD5` and ETags. Used only as S3's integrity check, never for security.
 */

/** Per-round shift amounts. */
const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
/** K[i] = floor(2^32 · |sin(i + 1)|). */
const K = new Int32Array(64);
for (let i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0;

/** An MD5 computation fed chunk by chunk. */
export class Md5 {
  private readonly state = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476]);
  private readonly block = new Uint8Array(64);
  private readonly words = new Int32Array(16);
  private buffered = 0;
  private length = 0;

  /** Feeds more bytes. */
  update(data: Uint8Array): this {
    let i = 0;
    this.length += data.byteLength;
    if (this.buffered > 0) {
      const take = Math.min(64 - this.buffered, data.byteLength);
      this.block.set(data.subarray(0, take), this.buffered);
      this.buffered += take;
      i = take;
      if (this.buffered < 64) return this;
      this.compress(this.block, 0);
      this.buffered = 0;
    }
    for (; i + 64 <= data.byteLength; i += 64) this.compress(data, i);
    if (i < data.byteLength) {
      this.block.set(data.subarray(i));
      this.buffered = data.byteLength - i;
    }
    return this;
  }

  /** The 16-byte digest (the computation cannot be fed afterwards). */
  digest(): Uint8Array {
    const bits = this.length * 8;
    const padLength = this.buffered < 56 ? 56 - this.buffered : 120 - this.buffered;
    const pad = new Uint8Array(padLength + 8);
    pad[0] = 0x80;
    const view = new DataView(pad.buffer);
    view.setUint32(padLength, bits >>> 0, true);
    view.setUint32(padLength + 4, Math.floor(bits / 2 ** 32), true);
    this.update(pad);
    const out = new Uint8Array(16);
    const outView = new DataView(out.buffer);
    for (let j = 0; j < 4; j++) outView.setInt32(j * 4, this.state[j], true);
    return out;
  }

  private compress(data: Uint8Array, offset: number): void {
    const x = this.words;
    for (let j = 0; j < 16; j++) {
      const o = offset + j * 4;
      x[j] = data[o] | (data[o + 1] << 8) | (data[o + 2] << 16) | (data[o + 3] << 24);
    }
    let a = this.state[0];
    let b = this.state[1];
    let c = this.state[2];
    let d = this.state[3];
    for (let j = 0; j < 64; j++) {
      let f: number;
      let g: number;
      if (j < 16) {
        f = (b & c) | (~b & d);
        g = j;
      } else if (j < 32) {
        f = (d & b) | (~d & c);
        g = (5 * j + 1) & 15;
      } else if (j < 48) {
        f = b ^ c ^ d;
        g = (3 * j + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * j) & 15;
      }
      const s = S[((j >> 4) << 2) | (j & 3)];
      const sum = (a + f + K[j] + x[g]) | 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
    }
    this.state[0] = (this.state[0] + a) | 0;
    this.state[1] = (this.state[1] + b) | 0;
    this.state[2] = (this.state[2] + c) | 0;
    this.state[3] = (this.state[3] + d) | 0;
  }
}

/** The MD5 digest of some chunks taken back to back. */
export function md5(chunks: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const h = new Md5();
  for (const c of chunks instanceof Uint8Array ? [chunks] : chunks) h.update(c);
  return h.digest();
}
