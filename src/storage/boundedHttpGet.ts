import { isFerryError } from '../errors/FerryError.ts';
import { HttpStorageError, StorageTimeoutError } from '../errors/storageErrors.ts';

/** How {@link boundedHttpGet} limits one request. */
export interface HttpRequestLimits {
  /** The whole request — headers and body — must complete within this many ms. */
  readonly timeoutMs: number;
  /** The caller's signal: aborting it ends the request with a `StorageTimeoutError`. */
  readonly signal?: AbortSignal;
  /** Most body bytes accepted (after any decompression the fetch did). */
  readonly maxBytes: number;
  /** `same-origin`: a redirect to another origin is an `HttpStorageError`; `follow`: followed without the caller's headers. */
  readonly redirects: 'same-origin' | 'follow';
}

/** The fetch signature HttpStorage accepts. */
export type FetchFunction = (input: URL, init?: RequestInit) => Promise<Response>;

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * GETs `url` so that a hostile server cannot hold or flood the caller: one deadline for the whole
 * exchange (every await races it, so even a fetch that ignores its signal cannot hang the caller),
 * redirects checked hop by hop, `Accept-Encoding: identity` asked for, and the body counted while it
 * streams (refused beyond `Content-Length` or `maxBytes`; a body shorter than its `Content-Length` or
 * a reset connection is an `HttpStorageError`). `check` sees the final response before its body is read
 * and may throw. Returns the final URL and the body.
 */
export async function boundedHttpGet(
  doFetch: FetchFunction,
  url: URL,
  init: RequestInit,
  limits: HttpRequestLimits,
  check: (response: Response, url: URL) => Promise<void>,
): Promise<{ url: URL; body: Uint8Array }> {
  const controller = new AbortController();
  let fail!: (error: unknown) => void;
  const aborted = new Promise<never>((_, reject) => {
    fail = reject;
  });
  aborted.catch(() => undefined);
  const onTimeout = (): void => {
    const error = new StorageTimeoutError(url.href, limits.timeoutMs);
    controller.abort(error);
    fail(error);
  };
  const onCallerAbort = (): void => {
    const error = new StorageTimeoutError(url.href, undefined, { cause: limits.signal?.reason });
    controller.abort(error);
    fail(error);
  };
  const timer = setTimeout(onTimeout, limits.timeoutMs);
  if (limits.signal?.aborted) onCallerAbort();
  else limits.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const race = <T>(p: Promise<T>): Promise<T> => Promise.race([p, aborted]);
  let current = url;
  let status = 0;
  try {
    const headers = new Headers(init.headers);
    headers.set('accept-encoding', 'identity');
    let requestInit: RequestInit = { ...init, headers, method: 'GET', redirect: 'manual', signal: controller.signal };
    let response: Response;
    for (let hops = 0; ; hops++) {
      response = await race(doFetch(current, requestInit));
      status = response.status;
      if (response.type === 'opaqueredirect') {
        // A browser hides the target of a manual redirect: let it follow, then check where it ended.
        response = await race(doFetch(current, { ...requestInit, redirect: 'follow' }));
        status = response.status;
        const final = new URL(response.url || current.href);
        if (final.origin !== url.origin && limits.redirects === 'same-origin') {
          throw new HttpStorageError(url.href, status, `redirected to another origin (${final.origin}); refused`);
        }
        current = final;
        break;
      }
      if (!REDIRECT_STATUSES.has(status)) break;
      const location = response.headers.get('location');
      await response.body?.cancel().catch(() => undefined);
      if (location === null) throw new HttpStorageError(current.href, status, 'a redirect without a Location header');
      if (hops >= MAX_REDIRECTS) throw new HttpStorageError(url.href, status, `more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(location, current);
      if (next.origin !== url.origin) {
        if (limits.redirects === 'same-origin') {
          throw new HttpStorageError(
            current.href,
            status,
            `redirected to another origin (${next.origin}); refused (HttpStorage option redirects: 'follow' allows it)`,
          );
        }
        // As browsers drop Authorization: the caller's headers and credentials stay with the caller's origin.
        const bare = new Headers({ 'accept-encoding': 'identity' });
        requestInit = { ...requestInit, headers: bare, credentials: 'omit' };
      }
      current = next;
    }
    await race(check(response, current));
    const body = await race(readBody(response, current, limits.maxBytes, race));
    return { url: current, body };
  } catch (error) {
    if (isFerryError(error)) throw error;
    if (controller.signal.aborted && isFerryError(controller.signal.reason)) throw controller.signal.reason;
    throw new HttpStorageError(current.href, status, `the request failed (${String(error)})`, { cause: error });
  } finally {
    clearTimeout(timer);
    limits.signal?.removeEventListener('abort', onCallerAbort);
    if (!controller.signal.aborted) controller.abort();
  }
}

/** Reads a body while counting it: never more than `Content-Length` (when not encoded) or `maxBytes`, never less than `Content-Length`. */
async function readBody(
  response: Response,
  url: URL,
  maxBytes: number,
  race: <T>(p: Promise<T>) => Promise<T>,
): Promise<Uint8Array> {
  const encoding = (response.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  const lengthHeader = response.headers.get('content-length');
  const declared = encoding === 'identity' && lengthHeader !== null ? Number(lengthHeader) : undefined;
  const status = response.status;
  if (declared !== undefined && Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new HttpStorageError(
      url.href,
      status,
      `Content-Length ${declared} exceeds the ${maxBytes}-byte limit (maxBytes)`,
    );
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await race(reader.read());
      } catch (error) {
        if (isFerryError(error)) throw error;
        throw new HttpStorageError(
          url.href,
          status,
          `the connection broke after ${total} body bytes (${String(error)})`,
          { cause: error },
        );
      }
      if (next.done) break;
      total += next.value.byteLength;
      if (total > maxBytes) {
        throw new HttpStorageError(url.href, status, `the body exceeds the ${maxBytes}-byte limit (maxBytes)`);
      }
      if (declared !== undefined && total > declared) {
        throw new HttpStorageError(url.href, status, `the body is longer than its Content-Length ${declared}`);
      }
      chunks.push(next.value);
    }
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  }
  if (declared !== undefined && total < declared) {
    throw new HttpStorageError(url.href, status, `a short body: ${total} of ${declared} bytes (Content-Length)`);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
