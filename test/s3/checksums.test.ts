/**
 * The digests S3Storage computes itself, against node:crypto: MD5 (WebCrypto has none) at every length
 * around its block boundaries and fed in pieces, S3's multipart ETag form, and the per-part SHA-256
 * checksum recorded for multipart values.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { checksumLike, multipartEtag, partsChecksum, singleChecksum, toBase64 } from '../../adapters/s3/checksums.ts';
import { Md5, md5 } from '../../adapters/s3/md5.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const nodeMd5 = (b: Uint8Array): Buffer => createHash('md5').update(b).digest();
const nodeSha = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();

describe('S3 checksums', () => {
  it('MD5 equals node:crypto at every length from 0 to 300 and at 1 MiB + 7, whole and in pieces', () => {
    for (const n of [...Array.from({ length: 301 }, (_, i) => i), 1024 * 1024 + 7]) {
      const data = randomBytes(n);
      const want = nodeMd5(data).toString('hex');
      assert.equal(hex(md5(data)), want, `length ${n}`);
      const h = new Md5();
      for (let o = 0; o < n; o += 37) h.update(data.subarray(o, o + 37));
      assert.equal(hex(h.digest()), want, `length ${n} in 37-byte pieces`);
      assert.equal(hex(md5([data.subarray(0, n >> 1), data.subarray(n >> 1)])), want);
    }
    assert.equal(toBase64(md5(new Uint8Array(0))), nodeMd5(new Uint8Array(0)).toString('base64'));
  });

  it("multipart ETags in S3's form: md5 of the parts' md5s, then -count", () => {
    const parts = [randomBytes(100), randomBytes(50), randomBytes(1)];
    const want = `${createHash('md5')
      .update(Buffer.concat(parts.map(nodeMd5)))
      .digest('hex')}-3`;
    assert.equal(multipartEtag(parts.map((p) => md5(p))), want);
  });

  it('Ferry checksums: sha256 of the bytes, or of the parts’ sha256 digests, recomputed from the whole value', async () => {
    const value = randomBytes(10_000);
    assert.equal(await singleChecksum(value), `sha256:${nodeSha(value).toString('hex')}`);
    const size = 4096;
    const blocks = [value.subarray(0, size), value.subarray(size, 2 * size), value.subarray(2 * size)];
    const want = `sha256/${size}:${nodeSha(Buffer.concat(blocks.map(nodeSha))).toString('hex')}`;
    assert.equal(
      await partsChecksum(
        size,
        blocks.map((b) => new Uint8Array(nodeSha(b))),
      ),
      want,
    );
    assert.equal(await checksumLike(want, value), want);
    const flipped = Buffer.from(value);
    flipped[5000] ^= 1;
    assert.notEqual(await checksumLike(want, flipped), want);
    assert.equal(await checksumLike('md5:abc', value), undefined);
  });
});
