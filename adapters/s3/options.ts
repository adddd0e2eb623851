import type { FetchFunction } from '../../src/storage/boundedHttpGet.ts';
import { validateStoragePath } from '../../src/storage/validateStoragePath.ts';

/** Options of `S3Storage` (docs/storage.md, section S3Storage, has them per provider). */
export interface S3StorageOptions {
  /**
   * The S3 API endpoint, without the bucket: `https://s3.eu-west-1.amazonaws.com` (AWS),
   * `https://<account id>.r2.cloudflarestorage.com` (Cloudflare R2), `http://127.0.0.1:9000` (MinIO).
   */
  readonly endpoint: string | URL;
  /** The bucket holding the keys. */
  readonly bucket: string;
  /** The signing region (default `us-east-1`; Cloudflare R2 uses `auto`). */
  readonly region?: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** For temporary credentials (AWS STS). */
  readonly sessionToken?: string;
  /** A key prefix inside the bucket that this storage's keys live under (a folder; default the bucket root). */
  readonly prefix?: string;
  /**
   * `path` (default): `<endpoint>/<bucket>/<key>`, which MinIO, R2 and AWS all accept. `virtual-host`:
   * `<bucket>.<endpoint host>/<key>`, AWS's preferred form.
   */
  readonly addressing?: 'path' | 'virtual-host';
  /** The fetch to use (default `globalThis.fetch`). */
  readonly fetch?: FetchFunction;
  /**
   * Each request attempt — headers and whole body — must complete within this many ms, else a
   * `StorageTimeoutError` (default 30 000). Large values go in parts, so this bounds one part.
   */
  readonly timeoutMs?: number;
  /** Aborting it ends every request in flight, and every retry wait, with a `StorageTimeoutError`. */
  readonly signal?: AbortSignal;
  /**
   * How many times a request is sent when the server throttles (503 `SlowDown`, 429), fails (500, 502,
   * 503, 504), the connection breaks, or a body read back fails its checksum (default 5). The waits
   * between grow exponentially with full jitter from `retryBaseMs`, capped at `retryMaxMs`.
   */
  readonly maxAttempts?: number;
  /** The first retry waits up to this many ms (default 100). */
  readonly retryBaseMs?: number;
  /** No retry waits longer than this many ms (default 5 000); a `Retry-After` answer is honoured up to it. */
  readonly retryMaxMs?: number;
  /** Values larger than this go by multipart upload (default 16 MiB). */
  readonly multipartThresholdBytes?: number;
  /** The size of each part of a multipart upload (default 8 MiB; at least 5 MiB, S3's minimum). */
  readonly partSizeBytes?: number;
  /** Most requests one call sends at a time: parts, tree files, copies (default 4). */
  readonly concurrency?: number;
  /**
   * A tree version that was never published (its writer died) is deleted by a later save of the same
   * tree once it is this old, judged by the time in its name (default 24 h).
   */
  readonly abandonedVersionMs?: number;
}

/** S3's smallest part (all but the last). */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
/** S3's largest part count. */
export const MAX_PARTS = 10_000;

/**
 * {@link S3StorageOptions} with every default filled in and checked. `secretAccessKey` and `sessionToken`
 * are not enumerable, so logging or serializing the settings does not show them.
 */
export interface S3Settings {
  readonly endpoint: URL;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string | undefined;
  /** The checked key prefix, '' for the bucket root. */
  readonly prefix: string;
  readonly addressing: 'path' | 'virtual-host';
  readonly fetch: FetchFunction;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly multipartThresholdBytes: number;
  readonly partSizeBytes: number;
  readonly concurrency: number;
  readonly abandonedVersionMs: number;
}

function positiveInteger(name: string, value: number | undefined, fallback: number, min = 1): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < min) {
    throw new RangeError(`S3Storage: ${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return v;
}

/** Checks the options and fills in the defaults; a bad option is a `RangeError`/`TypeError` at construction. */
export function resolveS3Settings(options: S3StorageOptions): S3Settings {
  const endpoint = new URL(String(options.endpoint));
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
    throw new TypeError(`S3Storage: the endpoint must be an http(s) URL, got ${endpoint.href}`);
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket ?? '')) {
    throw new TypeError(`S3Storage: ${JSON.stringify(options.bucket)} is not a valid bucket name`);
  }
  if (!options.accessKeyId || !options.secretAccessKey) {
    throw new TypeError('S3Storage: accessKeyId and secretAccessKey are required');
  }
  const partSizeBytes = positiveInteger('partSizeBytes', options.partSizeBytes, 8 * 1024 * 1024, MIN_PART_BYTES);
  const threshold = positiveInteger('multipartThresholdBytes', options.multipartThresholdBytes, 16 * 1024 * 1024);
  const settings = {
    endpoint,
    bucket: options.bucket,
    region: options.region ?? 'us-east-1',
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    sessionToken: options.sessionToken,
    prefix: validateStoragePath(options.prefix ?? '', true),
    addressing: options.addressing ?? 'path',
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    timeoutMs: positiveInteger('timeoutMs', options.timeoutMs, 30_000),
    signal: options.signal,
    maxAttempts: positiveInteger('maxAttempts', options.maxAttempts, 5),
    retryBaseMs: positiveInteger('retryBaseMs', options.retryBaseMs, 100, 0),
    retryMaxMs: positiveInteger('retryMaxMs', options.retryMaxMs, 5_000, 0),
    multipartThresholdBytes: Math.max(threshold, partSizeBytes),
    partSizeBytes,
    concurrency: positiveInteger('concurrency', options.concurrency, 4),
    abandonedVersionMs: positiveInteger('abandonedVersionMs', options.abandonedVersionMs, 24 * 3600_000, 0),
  };
  // The secrets stay readable but out of logs, JSON and spreads.
  Object.defineProperty(settings, 'secretAccessKey', { enumerable: false });
  Object.defineProperty(settings, 'sessionToken', { enumerable: false });
  return settings;
}
