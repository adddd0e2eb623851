import { FerryError } from './FerryError.ts';

/** The storage is full: the browser's (or disk's) quota refused a write. Nothing of the write was kept. */
export class StorageQuotaError extends FerryError {
  static readonly code = 'FERRY_STORAGE_QUOTA';
  constructor(
    readonly storage: string,
    readonly path: string,
    readonly bytes: number,
    options?: { cause?: unknown },
  ) {
    super(
      StorageQuotaError.code,
      `${storage}: the storage quota is exceeded while writing ${path} (${bytes} bytes in this write); ` +
        'nothing of this write was kept. Free space (delete old dumps) or ask for persistent storage.',
      options,
    );
  }
}

/** An HTTP answer that is not a dump file: a non-2xx status (other than 404), an HTML page, a network failure. */
export class HttpStorageError extends FerryError {
  static readonly code = 'FERRY_HTTP_STORAGE';
  constructor(
    readonly url: string,
    /** The HTTP status, or 0 when no answer came. */
    readonly status: number,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(HttpStorageError.code, `HttpStorage: ${url}${status ? ` answered ${status}` : ''}: ${detail}`, options);
  }
}

/** A storage that can only be read was asked to write, delete, or list without an index. */
export class ReadOnlyStorageError extends FerryError {
  static readonly code = 'FERRY_READ_ONLY_STORAGE';
  constructor(
    readonly storage: string,
    readonly operation: string,
    readonly path: string,
    detail = 'this storage is read-only',
  ) {
    super(ReadOnlyStorageError.code, `${storage}: cannot ${operation} ${JSON.stringify(path)}: ${detail}`);
  }
}

/**
 * Another save of the same dump held it too long: a writer waited for the dump's lock past its limit,
 * or a load saw the dump replaced on every attempt (or a `crashSafe: false` save interrupted half-way).
 * Nothing was written by the writer that gets it; the dump on storage is one complete version.
 */
export class ConcurrentSaveError extends FerryError {
  static readonly code = 'FERRY_CONCURRENT_SAVE';
  constructor(
    /** Storage key of the dump's folder. */
    readonly path: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(ConcurrentSaveError.code, `Dump "${path}": ${detail}`, options);
  }
}

/** A storage request took longer than its timeout, or the caller's `AbortSignal` aborted it. */
export class StorageTimeoutError extends FerryError {
  static readonly code = 'FERRY_STORAGE_TIMEOUT';
  constructor(
    /** What was being fetched or written (a URL or a key). */
    readonly target: string,
    /** The timeout in milliseconds, or undefined when the caller aborted. */
    readonly timeoutMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      StorageTimeoutError.code,
      timeoutMs === undefined
        ? `${target}: the request was aborted by the caller's AbortSignal`
        : `${target}: no complete answer within ${timeoutMs} ms (the timeout)`,
      options,
    );
  }
}

/** Where an S3 failure happened: the operation, the object key (or bucket listing) and what the server said. */
export interface S3FailureDetail {
  /** The S3 operation, e.g. `GetObject`, `PutObject`, `ListObjectsV2`. */
  readonly operation: string;
  /** The object key or prefix in the bucket (empty for bucket-wide requests). */
  readonly target: string;
  /** The HTTP status, or 0 when no answer came. */
  readonly status: number;
  /** S3's error code from the XML body (`SignatureDoesNotMatch`, `SlowDown`…), when there was one. */
  readonly s3Code?: string;
  /** S3's request id (`x-amz-request-id`), for the provider's support. */
  readonly requestId?: string;
}

function describeS3(d: S3FailureDetail): string {
  const parts = [d.status ? `HTTP ${d.status}` : 'no answer', d.s3Code, d.requestId && `request id ${d.requestId}`];
  return `${d.operation} ${JSON.stringify(d.target)} (${parts.filter(Boolean).join(', ')})`;
}

/**
 * The S3 server refused the credentials: a wrong secret (`SignatureDoesNotMatch`), an unknown key
 * (`InvalidAccessKeyId`), an expired session token, or a policy that denies the request (`AccessDenied`).
 * Not retried: the same request would be refused again.
 */
export class S3AuthError extends FerryError {
  static readonly code = 'FERRY_S3_AUTH';
  constructor(
    readonly detail: S3FailureDetail,
    message: string,
  ) {
    super(S3AuthError.code, `S3Storage: ${describeS3(detail)}: ${message}`);
  }
}

/**
 * The S3 server kept asking to slow down (HTTP 503 `SlowDown`, or 429) through every retry with
 * exponential backoff. Nothing of the failed request was kept; the caller may try again later.
 */
export class S3ThrottledError extends FerryError {
  static readonly code = 'FERRY_S3_THROTTLED';
  constructor(
    readonly detail: S3FailureDetail,
    /** How many times the request was sent. */
    readonly attempts: number,
  ) {
    super(
      S3ThrottledError.code,
      `S3Storage: ${describeS3(detail)}: throttled on all ${attempts} attempts (exponential backoff); ` +
        'lower the request rate (concurrency option) or raise maxAttempts',
    );
  }
}

/**
 * Bytes did not match their checksum: a body read back whose SHA-256 (or MD5 ETag) differs from the one
 * recorded when it was written, or a write whose returned ETag is not the MD5 of what was sent
 * (`BadDigest` from the server too). Reads are retried first; this error means every attempt differed.
 */
export class S3ChecksumError extends FerryError {
  static readonly code = 'FERRY_S3_CHECKSUM';
  constructor(
    readonly detail: S3FailureDetail,
    /** What was expected, e.g. `sha256 3a7b…`. */
    readonly expected: string,
    /** What came, e.g. `sha256 91c2…`. */
    readonly actual: string,
  ) {
    super(
      S3ChecksumError.code,
      `S3Storage: ${describeS3(detail)}: checksum mismatch: expected ${expected}, got ${actual}`,
    );
  }
}

/**
 * Any other S3 failure: a non-2xx answer not covered by a more precise error (a missing bucket, a bad
 * request, a server error that persisted through the retries), a network failure, or an answer that is
 * not the S3 XML expected.
 */
export class S3StorageError extends FerryError {
  static readonly code = 'FERRY_S3_STORAGE';
  constructor(
    readonly detail: S3FailureDetail,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(S3StorageError.code, `S3Storage: ${describeS3(detail)}: ${message}`, options);
  }
}
