/**
 * Object operations on raw bucket keys, each verified: reads check the Ferry checksum recorded with the
 * object (or the MD5 ETag of objects others wrote) and retry a mismatch; writes send `Content-MD5`, sign
 * the payload's SHA-256, record a Ferry checksum as metadata and check the returned ETag; values over
 * the threshold go by multipart upload.
 */
import { NotFoundError } from '../../src/errors/index.ts';
import { S3ChecksumError, type S3FailureDetail, S3StorageError } from '../../src/errors/storageErrors.ts';
import { type WriteData, writeDataLength } from '../../src/storage/StorageAdapter.ts';
import {
  bareEtag,
  CHECKSUM_METADATA,
  checksumLike,
  contentMd5,
  etagIsMd5,
  isFerryChecksum,
  multipartEtag,
  partsChecksum,
  sha256,
  singleChecksum,
  toBase64,
  toHex,
} from './checksums.ts';
import type { S3Answer, S3Client } from './client.ts';
import { encodeKey } from './client.ts';
import { Md5, md5 } from './md5.ts';
import { MAX_PARTS } from './options.ts';
import { chunksOf, runLimited, sliceChunks } from './parts.ts';
import { escapeXml, xmlElements, xmlText } from './xml.ts';

const META_HEADER = `x-amz-meta-${CHECKSUM_METADATA}`;
const OCTETS = 'application/octet-stream';
/** S3's most keys per DeleteObjects request. */
const DELETE_BATCH = 1000;

/** Verified object operations for one bucket. */
export class S3Objects {
  constructor(readonly client: S3Client) {}

  /**
   * Reads `key` whole and checks it against `expected` (a Ferry checksum from a tree manifest), else
   * against the checksum in its metadata, else against its ETag when that is an MD5. A mismatch is read
   * again (with backoff) up to `maxAttempts` times, then an `S3ChecksumError`. `NotFoundError` when absent.
   */
  async get(key: string, target: string, expected?: string): Promise<Uint8Array> {
    const { maxAttempts } = this.client.settings;
    let mismatch: [string, string, S3FailureDetail] | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (mismatch) await this.client.backoff(attempt - 1, target);
      const answer = await this.client.send({ operation: 'GetObject', method: 'GET', key, target });
      mismatch = await verify(answer, expected, { operation: 'GetObject', target, status: answer.status });
      if (!mismatch) return answer.body;
    }
    const [want, got, detail] = mismatch as [string, string, S3FailureDetail];
    throw new S3ChecksumError(detail, want, `${got} on each of ${maxAttempts} reads`);
  }

  /** {@link get}, with undefined for a missing key. */
  async getIfExists(key: string, target: string, expected?: string): Promise<Uint8Array | undefined> {
    try {
      return await this.get(key, target, expected);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** Writes `data` as `key` (one PUT, or a multipart upload past the threshold); returns its Ferry checksum. */
  async put(key: string, data: WriteData, target: string): Promise<string> {
    const size = writeDataLength(data);
    if (size > this.client.settings.multipartThresholdBytes) return this.putMultipart(key, data, size, target);
    const chunks = chunksOf(data);
    const body = chunks.length === 1 ? chunks[0] : sliceChunks(chunks, 0, size);
    const checksum = await singleChecksum(body);
    const digest = md5(body);
    const answer = await this.client.send({
      operation: 'PutObject',
      method: 'PUT',
      key,
      target,
      body,
      headers: { 'content-md5': toBase64(digest), 'content-type': OCTETS, [META_HEADER]: checksum },
    });
    checkEtag(answer, toHex(digest), { operation: 'PutObject', target, status: answer.status });
    return checksum;
  }

  /** Server-side copy of `from` to `to` (metadata, hence the Ferry checksum, kept). `NotFoundError` when `from` is gone. */
  async copy(from: string, to: string, target: string): Promise<void> {
    const { bucket } = this.client.settings;
    const answer = await this.client.send({
      operation: 'CopyObject',
      method: 'PUT',
      key: to,
      target,
      headers: { 'x-amz-copy-source': `/${bucket}/${encodeKey(from)}`, 'x-amz-metadata-directive': 'COPY' },
    });
    failOnEmbeddedError(answer, 'CopyObject', target);
  }

  /** Every raw key that starts with `prefix`, in S3's order (all pages of ListObjectsV2). */
  async list(prefix: string, target: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    for (;;) {
      const query: Record<string, string> = { 'list-type': '2', prefix };
      if (token !== undefined) query['continuation-token'] = token;
      const answer = await this.client.send({ operation: 'ListObjectsV2', method: 'GET', key: '', query, target });
      const xml = new TextDecoder().decode(answer.body);
      if (!xml.includes('<ListBucketResult')) {
        throw new S3StorageError(
          { operation: 'ListObjectsV2', target, status: answer.status },
          'the answer is not a ListBucketResult',
        );
      }
      for (const contents of xmlElements(xml, 'Contents')) {
        const key = xmlText(contents, 'Key');
        if (key !== undefined) keys.push(key);
      }
      token = xmlText(xml, 'NextContinuationToken');
      if (xmlText(xml, 'IsTruncated') !== 'true') break;
      if (!token) {
        throw new S3StorageError(
          { operation: 'ListObjectsV2', target, status: answer.status },
          'a truncated listing without NextContinuationToken',
        );
      }
    }
    return keys;
  }

  /** Deletes raw keys (missing ones quietly), 1,000 per DeleteObjects request. */
  async deleteMany(keys: readonly string[], target: string): Promise<void> {
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      const xml =
        '<?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>' +
        batch.map((k) => `<Object><Key>${escapeXml(k)}</Key></Object>`).join('') +
        '</Delete>';
      const body = new TextEncoder().encode(xml);
      const answer = await this.client.send({
        operation: 'DeleteObjects',
        method: 'POST',
        key: '',
        query: { delete: '' },
        target,
        body,
        headers: { 'content-md5': contentMd5(body), 'content-type': 'application/xml' },
      });
      const errors = xmlElements(new TextDecoder().decode(answer.body), 'Error');
      if (errors.length > 0) {
        const first = errors[0];
        throw new S3StorageError(
          { operation: 'DeleteObjects', target, status: answer.status, s3Code: xmlText(first, 'Code') },
          `${errors.length} keys were not deleted, e.g. ${JSON.stringify(xmlText(first, 'Key'))}: ${xmlText(first, 'Message') ?? ''}`,
        );
      }
    }
  }

  /**
   * A multipart upload: parts of `partSizeBytes` (larger when 10,000 parts would not hold the value), each
   * with `Content-MD5` and its ETag checked, sent `concurrency` at a time; the assembled object's ETag is
   * checked against S3's multipart form (or the whole MD5 where a server gives that). Any failure aborts
   * the upload, so no part is left billed.
   */
  private async putMultipart(key: string, data: WriteData, size: number, target: string): Promise<string> {
    const { partSizeBytes, concurrency, maxAttempts } = this.client.settings;
    const partSize = Math.max(partSizeBytes, Math.ceil(size / MAX_PARTS));
    const count = Math.ceil(size / partSize);
    const chunks = chunksOf(data);
    const part = (i: number): Uint8Array => sliceChunks(chunks, i * partSize, Math.min(size, (i + 1) * partSize));
    const digests: Uint8Array[] = [];
    for (let i = 0; i < count; i++) digests.push(await sha256(part(i)));
    const checksum = await partsChecksum(partSize, digests);
    const created = await this.client.send({
      operation: 'CreateMultipartUpload',
      method: 'POST',
      key,
      target,
      query: { uploads: '' },
      headers: { 'content-type': OCTETS, [META_HEADER]: checksum },
    });
    const uploadId = xmlText(new TextDecoder().decode(created.body), 'UploadId');
    if (!uploadId) {
      throw new S3StorageError(
        { operation: 'CreateMultipartUpload', target, status: created.status },
        'the answer has no UploadId',
      );
    }
    const etags: string[] = new Array(count);
    const md5s: Uint8Array[] = new Array(count);
    try {
      await runLimited(count, concurrency, async (i) => {
        const body = part(i);
        const digest = md5(body);
        const answer = await this.client.send({
          operation: 'UploadPart',
          method: 'PUT',
          key,
          target: `${target} (part ${i + 1} of ${count})`,
          query: { partNumber: String(i + 1), uploadId },
          body,
          headers: { 'content-md5': toBase64(digest) },
        });
        const etag = checkEtag(answer, toHex(digest), { operation: 'UploadPart', target, status: answer.status });
        etags[i] = etag ?? '';
        md5s[i] = digest;
      });
      const xml =
        '<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>"${escapeXml(e)}"</ETag></Part>`).join('') +
        '</CompleteMultipartUpload>';
      let answer: S3Answer | undefined;
      // A 200 answer may still carry an <Error> (S3 says: retry those that are internal errors).
      for (let attempt = 1; !answer; attempt++) {
        const a = await this.client.send({
          operation: 'CompleteMultipartUpload',
          method: 'POST',
          key,
          target,
          query: { uploadId },
          body: new TextEncoder().encode(xml),
          headers: { 'content-type': 'application/xml' },
        });
        const code = xmlText(new TextDecoder().decode(a.body), 'Code');
        if ((code === 'InternalError' || code === 'SlowDown') && attempt < maxAttempts) {
          await this.client.backoff(attempt, target);
          continue;
        }
        failOnEmbeddedError(a, 'CompleteMultipartUpload', target);
        answer = a;
      }
      const etag = bareEtag(xmlText(new TextDecoder().decode(answer.body), 'ETag') ?? answer.headers.get('etag'));
      const detail = { operation: 'CompleteMultipartUpload', target, status: answer.status };
      if (etag !== undefined && /-\d+$/.test(etag)) {
        const want = multipartEtag(md5s);
        if (etag !== want) throw new S3ChecksumError(detail, `ETag ${want}`, `ETag ${etag}`);
      } else if (etagIsMd5(etag, answer.headers)) {
        // Servers that give the whole object's MD5 (s3rver) rather than S3's multipart form.
        const whole = new Md5();
        for (const c of chunks) whole.update(c);
        const want = toHex(whole.digest());
        if (etag !== want) throw new S3ChecksumError(detail, `ETag ${want}`, `ETag ${etag}`);
      }
    } catch (error) {
      await this.client
        .send({ operation: 'AbortMultipartUpload', method: 'DELETE', key, target, query: { uploadId } })
        .catch(() => undefined);
      throw error;
    }
    return checksum;
  }
}

/** Checks a write's ETag against the MD5 sent, where the ETag is an MD5; returns the bare ETag. */
function checkEtag(answer: S3Answer, md5Hex: string, detail: S3FailureDetail): string | undefined {
  const etag = bareEtag(answer.headers.get('etag'));
  if (etagIsMd5(etag, answer.headers) && etag !== md5Hex) {
    throw new S3ChecksumError(detail, `ETag ${md5Hex} (the MD5 of the bytes sent)`, `ETag ${etag}`);
  }
  return etag;
}

/** CopyObject and CompleteMultipartUpload may answer 200 with an `<Error>` body. */
function failOnEmbeddedError(answer: S3Answer, operation: string, target: string): void {
  const xml = new TextDecoder().decode(answer.body);
  if (!/<Error[\s>]/.test(xml)) return;
  throw new S3StorageError(
    { operation, target, status: answer.status, s3Code: xmlText(xml, 'Code') },
    xmlText(xml, 'Message') ?? 'an error in a 200 answer',
  );
}

/** The mismatch of a read answer against the checksum expected (or recorded, or its MD5 ETag); undefined when it matches. */
async function verify(
  answer: S3Answer,
  expected: string | undefined,
  detail: S3FailureDetail,
): Promise<[string, string, S3FailureDetail] | undefined> {
  const recorded = answer.headers.get(META_HEADER) ?? undefined;
  const want = expected ?? (recorded !== undefined && isFerryChecksum(recorded) ? recorded : undefined);
  if (want !== undefined) {
    const got = await checksumLike(want, answer.body);
    return got === want ? undefined : [want, got ?? 'an unreadable checksum', detail];
  }
  const etag = bareEtag(answer.headers.get('etag'));
  if (!etagIsMd5(etag, answer.headers)) return undefined;
  const got = toHex(md5(answer.body));
  return got === etag ? undefined : [`MD5 ${etag} (the ETag)`, `MD5 ${got}`, detail];
}
