/**
 * The checksums S3Storage records and verifies: SHA-256 (WebCrypto) of what it writes, kept as object
 * metadata and in tree manifests, and MD5 for S3's `Content-MD5` header and ETags.
 *
 * A Ferry checksum is `sha256:<hex>` (the SHA-256 of the bytes) or, for a value uploaded in parts,
 * `sha256/<partSize>:<hex>`: the SHA-256 of the SHA-256 digests of its consecutive `partSize`-byte
 * blocks, so that no copy of the whole value is needed to compute or check it.
 */
import { md5 } from './md5.ts';

/** Object metadata key (after `x-amz-meta-`) holding a Ferry checksum. */
export const CHECKSUM_METADATA = 'ferry-checksum';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of some bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]];
  return out;
}

/** Standard base64 of a few bytes (digests). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

/** SHA-256 of `bytes`, raw. */
export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/** Lowercase hex SHA-256 of `bytes`. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(await sha256(bytes));
}

/** `Content-MD5` header value of `bytes`. */
export function contentMd5(bytes: Uint8Array): string {
  return toBase64(md5(bytes));
}

/** The Ferry checksum of a value sent in one request. */
export async function singleChecksum(bytes: Uint8Array): Promise<string> {
  return `sha256:${await sha256Hex(bytes)}`;
}

/** The Ferry checksum of a value sent in parts, from the parts' own SHA-256 digests, in order. */
export async function partsChecksum(partSize: number, partDigests: readonly Uint8Array[]): Promise<string> {
  const all = new Uint8Array(partDigests.length * 32);
  partDigests.forEach((d, i) => {
    all.set(d, i * 32);
  });
  return `sha256/${partSize}:${await sha256Hex(all)}`;
}

/** The Ferry checksum of `bytes` in the same scheme as `expected` (`sha256:` or `sha256/<partSize>:`). */
export async function checksumLike(expected: string, bytes: Uint8Array): Promise<string | undefined> {
  if (expected.startsWith('sha256:')) return singleChecksum(bytes);
  const m = /^sha256\/(\d+):[0-9a-f]{64}$/.exec(expected);
  if (!m) return undefined;
  const partSize = Number(m[1]);
  if (!Number.isSafeInteger(partSize) || partSize < 1) return undefined;
  const digests: Uint8Array[] = [];
  for (let o = 0; o < bytes.byteLength; o += partSize) {
    digests.push(await sha256(bytes.subarray(o, Math.min(o + partSize, bytes.byteLength))));
  }
  return partsChecksum(partSize, digests);
}

/** True for a checksum string S3Storage writes. */
export function isFerryChecksum(value: string): boolean {
  return /^sha256(\/\d+)?:[0-9a-f]{64}$/.test(value);
}

/** An ETag without its quotes and `W/` prefix. */
export function bareEtag(etag: string | null): string | undefined {
  if (etag === null) return undefined;
  return etag
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1')
    .toLowerCase();
}

/** The ETag S3 gives an object assembled from parts with these MD5 digests: `md5(md5₁…md5ₙ)-n`. */
export function multipartEtag(partMd5s: readonly Uint8Array[]): string {
  const all = new Uint8Array(partMd5s.length * 16);
  partMd5s.forEach((d, i) => {
    all.set(d, i * 16);
  });
  return `${toHex(md5(all))}-${partMd5s.length}`;
}

/**
 * True when the ETag of a plain upload can be compared with the MD5 of its bytes: 32 hex digits and
 * no encryption that changes it (SSE-KMS, SSE-C and DSSE make the ETag something else).
 */
export function etagIsMd5(etag: string | undefined, headers: Headers): etag is string {
  if (etag === undefined || !/^[0-9a-f]{32}$/.test(etag)) return false;
  const sse = (headers.get('x-amz-server-side-encryption') ?? '').toLowerCase();
  if (sse.startsWith('aws:kms')) return false;
  return !headers.has('x-amz-server-side-encryption-customer-algorithm');
}
