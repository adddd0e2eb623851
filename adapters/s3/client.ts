/**
 * One S3 request at a time, done right: signed with SigV4 (aws4fetch) over the payload's SHA-256, bounded
 * by a deadline and the caller's signal, retried with exponential backoff and full jitter on throttling,
 * server errors and broken connections, and every failure mapped to a typed Ferry error.
 */
import { AwsV4Signer } from 'aws4fetch';
import { isFerryError } from '../../src/errors/FerryError.ts';
import { NotFoundError } from '../../src/errors/index.ts';
import {
  S3AuthError,
  S3ChecksumError,
  type S3FailureDetail,
  S3StorageError,
  S3ThrottledError,
  StorageTimeoutError,
} from '../../src/errors/storageErrors.ts';
import { sha256Hex } from './checksums.ts';
import type { S3Settings } from './options.ts';
import { xmlText } from './xml.ts';

/** One S3 API request. */
export interface S3Call {
  /** The S3 operation's name, for errors (`GetObject`…). */
  readonly operation: string;
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD';
  /** The object key in the bucket ('' for a bucket request). */
  readonly key: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** What to name in errors (a storage key); defaults to `key`. */
  readonly target?: string;
}

/** A 2xx answer, its body read whole. */
export interface S3Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Uint8Array;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const AUTH_CODES = new Set([
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'AccessDenied',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'AuthorizationHeaderMalformed',
  'RequestTimeTooSkewed',
  'AllAccessDisabled',
  'AccountProblem',
  'InvalidSecurity',
  'Unauthorized',
]);
const THROTTLE_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequests',
]);
const RETRY_STATUSES = new Set([500, 502, 503, 504]);
/** Attempts end with one of these. */
type Outcome =
  | { retry: false; answer: S3Answer }
  | { retry: true; throttled: boolean; error: Error; retryAfterMs?: number };

/** Encodes an object key for the URL path, keeping `/` (RFC 3986, as SigV4 canonicalises it). */
export function encodeKey(key: string): string {
  return key
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/** Sleeps `ms`, or rejects with a `StorageTimeoutError` as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new StorageTimeoutError(target, undefined, { cause: signal.reason }));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new StorageTimeoutError(target, undefined, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Sends S3 requests for one bucket with one set of credentials. */
export class S3Client {
  private readonly signingCache = new Map<string, ArrayBuffer>();

  constructor(readonly settings: S3Settings) {}

  /** The URL of an object key (or of the bucket, for '') with a query. */
  urlOf(key: string, query: Readonly<Record<string, string>> = {}): URL {
    const { endpoint, bucket, addressing } = this.settings;
    const base = endpoint.pathname.replace(/\/+$/, '');
    const url = new URL(endpoint.href);
    if (addressing === 'virtual-host') {
      url.hostname = `${bucket}.${endpoint.hostname}`;
      url.pathname = `${base}/${encodeKey(key)}`;
    } else {
      url.pathname = `${base}/${bucket}/${encodeKey(key)}`;
    }
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1))) search.append(k, v);
    url.search = search.toString().replace(/\+/g, '%20');
    return url;
  }

  /** Waits before retry `attempt` (1-based): full jitter under `retryBaseMs · 2^(attempt-1)`, at most `retryMaxMs`. */
  backoff(attempt: number, target: string, retryAfterMs?: number): Promise<void> {
    const { retryBaseMs, retryMaxMs, signal } = this.settings;
    const cap = Math.min(retryMaxMs, retryBaseMs * 2 ** (attempt - 1));
    const ms = retryAfterMs !== undefined ? Math.min(retryMaxMs, retryAfterMs) : Math.random() * cap;
    return sleep(ms, signal, target);
  }

  /**
   * Sends `call` until it gets a 2xx answer, retrying what may pass (see {@link S3StorageOptions.maxAttempts}).
   * A 404 is a `NotFoundError` (a missing bucket an `S3StorageError`), 403 and other auth refusals an
   * `S3AuthError`, persistent throttling an `S3ThrottledError`, a deadline or abort a `StorageTimeoutError`.
   */
  async send(call: S3Call): Promise<S3Answer> {
    const { maxAttempts } = this.settings;
    const target = call.target ?? call.key;
    const payloadHash = call.body && call.body.byteLength > 0 ? await sha256Hex(call.body) : EMPTY_SHA256;
    let last: Outcome | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1 && last?.retry) await this.backoff(attempt - 1, target, last.retryAfterMs);
      last = await this.attempt(call, target, payloadHash);
      if (!last.retry) return last.answer;
    }
    if (last?.retry && last.throttled) {
      const detail = (last.error as S3ThrottledError | S3StorageError).detail;
      throw new S3ThrottledError(detail, maxAttempts);
    }
    throw (last as { error: Error }).error;
  }

  /** One attempt: sign, fetch within the deadline, read the body, classify. */
  private async attempt(call: S3Call, target: string, payloadHash: string): Promise<Outcome> {
    const { timeoutMs, signal } = this.settings;
    const url = this.urlOf(call.key, call.query);
    const headers = new Headers(call.headers);
    headers.set('x-amz-content-sha256', payloadHash);
    const signer = new AwsV4Signer({
      method: call.method,
      url: url.href,
      headers,
      body: call.body as Uint8Array<ArrayBuffer> | undefined,
      accessKeyId: this.settings.accessKeyId,
      secretAccessKey: this.settings.secretAccessKey,
      sessionToken: this.settings.sessionToken,
      service: 's3',
      region: this.settings.region,
      cache: this.signingCache,
    });
    const signed = await signer.sign();
    const controller = new AbortController();
    let fail!: (error: unknown) => void;
    const aborted = new Promise<never>((_, reject) => {
      fail = reject;
    });
    aborted.catch(() => undefined);
    const onTimeout = (): void => {
      const error = new StorageTimeoutError(`${call.operation} ${target}`, timeoutMs);
      controller.abort(error);
      fail(error);
    };
    const onCallerAbort = (): void => {
      const error = new StorageTimeoutError(`${call.operation} ${target}`, undefined, { cause: signal?.reason });
      controller.abort(error);
      fail(error);
    };
    const timer = setTimeout(onTimeout, timeoutMs);
    if (signal?.aborted) onCallerAbort();
    else signal?.addEventListener('abort', onCallerAbort, { once: true });
    const race = <T>(p: Promise<T>): Promise<T> => Promise.race([p, aborted]);
    const detail = (status: number, s3Code?: string, requestId?: string): S3FailureDetail => ({
      operation: call.operation,
      target,
      status,
      s3Code,
      requestId,
    });
    let status = 0;
    try {
      let response: Response;
      try {
        response = await race(
          this.settings.fetch(signed.url, {
            method: call.method,
            headers: signed.headers,
            body: call.body as Uint8Array<ArrayBuffer> | undefined,
            signal: controller.signal,
            redirect: 'manual',
          }),
        );
      } catch (error) {
        if (isFerryError(error)) throw error;
        return {
          retry: true,
          throttled: false,
          error: new S3StorageError(detail(0), `the request failed (${String(error)})`, { cause: error }),
        };
      }
      status = response.status;
      let body: Uint8Array;
      try {
        body = new Uint8Array(await race(response.arrayBuffer()));
      } catch (error) {
        if (isFerryError(error)) throw error;
        return {
          retry: true,
          throttled: false,
          error: new S3StorageError(
            detail(status),
            `the connection broke while reading the answer (${String(error)})`,
            {
              cause: error,
            },
          ),
        };
      }
      const declared = response.headers.get('content-length');
      if (
        call.method !== 'HEAD' &&
        declared !== null &&
        !response.headers.has('content-encoding') &&
        Number(declared) !== body.byteLength
      ) {
        return {
          retry: true,
          throttled: false,
          error: new S3StorageError(
            detail(status),
            `a body of ${body.byteLength} bytes, not its Content-Length ${declared}`,
          ),
        };
      }
      if (status >= 200 && status < 300) return { retry: false, answer: { status, headers: response.headers, body } };
      const xml = new TextDecoder().decode(body);
      const s3Code = xmlText(xml, 'Code') ?? response.headers.get('x-amz-error-code') ?? undefined;
      const message = xmlText(xml, 'Message') ?? (response.statusText || 'not a 2xx answer');
      const requestId = xmlText(xml, 'RequestId') ?? response.headers.get('x-amz-request-id') ?? undefined;
      const d = detail(status, s3Code, requestId);
      if (status === 404 && s3Code !== 'NoSuchBucket' && s3Code !== 'NoSuchUpload') {
        throw new NotFoundError(target, `S3 ${call.operation}: ${s3Code ?? 'HTTP 404'}`);
      }
      if (status === 403 || status === 401 || (s3Code !== undefined && AUTH_CODES.has(s3Code))) {
        throw new S3AuthError(d, `${message} (check accessKeyId, secretAccessKey, region and the bucket policy)`);
      }
      if (s3Code === 'BadDigest' || s3Code === 'XAmzContentSHA256Mismatch' || s3Code === 'InvalidDigest') {
        throw new S3ChecksumError(d, 'the digest sent', `the server's digest of what it received (${message})`);
      }
      const throttled = status === 429 || (s3Code !== undefined && THROTTLE_CODES.has(s3Code));
      if (throttled || RETRY_STATUSES.has(status)) {
        const after = Number(response.headers.get('retry-after'));
        return {
          retry: true,
          throttled,
          error: new S3StorageError(d, message),
          retryAfterMs: Number.isFinite(after) && after > 0 ? after * 1000 : undefined,
        };
      }
      throw new S3StorageError(d, message);
    } catch (error) {
      if (isFerryError(error)) throw error;
      if (controller.signal.aborted && isFerryError(controller.signal.reason)) throw controller.signal.reason;
      throw new S3StorageError(detail(status), `the request failed (${String(error)})`, { cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
      if (!controller.signal.aborted) controller.abort();
    }
  }
}
