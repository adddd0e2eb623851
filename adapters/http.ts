import { NotFoundError } from '../src/errors/index.ts';
import { HttpStorageError, ReadOnlyStorageError } from '../src/errors/storageErrors.ts';
import { boundedHttpGet, type FetchFunction } from '../src/storage/boundedHttpGet.ts';
import type { StorageAdapter, WriteData } from '../src/storage/StorageAdapter.ts';
import { isUnderPrefix, validateStoragePath } from '../src/storage/validateStoragePath.ts';

/** "FERRYDMP": the first bytes of every `.ferry` file (docs/FORMAT.md). */
const FERRY_MAGIC = [0x46, 0x45, 0x52, 0x52, 0x59, 0x44, 0x4d, 0x50];
const FERRY_EXTENSION = '.ferry';

/** Options of {@link HttpStorage}. */
export interface HttpStorageOptions {
  /**
   * Key of a JSON index of every served key (`{"keys": [...]}`, as made by {@link httpIndexBytes});
   * without one, `list()` throws a `ReadOnlyStorageError`, since plain HTTP cannot list a folder.
   */
  readonly index?: string;
  /** The fetch to use (default `globalThis.fetch`), e.g. one that adds authentication. */
  readonly fetch?: FetchFunction;
  /** Extra request options (headers, credentials…) for every request. */
  readonly init?: RequestInit;
  /**
   * Each request — headers and whole body — must complete within this many ms, else a
   * `StorageTimeoutError` (default 30 000: a server that stalls or trickles cannot hold a load).
   */
  readonly timeoutMs?: number;
  /** Aborting it ends every request in flight with a `StorageTimeoutError`. */
  readonly signal?: AbortSignal;
  /**
   * Most bytes one answer may have, counted while the body streams, after any decompression
   * (default 512 MiB; `Accept-Encoding: identity` is asked for). Larger is an `HttpStorageError`.
   */
  readonly maxBytes?: number;
  /**
   * `same-origin` (default): a redirect to another origin is an `HttpStorageError`. `follow`: followed,
   * but the caller's headers and credentials are not sent to the other origin (as browsers drop
   * `Authorization`).
   */
  readonly redirects?: 'same-origin' | 'follow';
}

/** Default timeout of one HttpStorage request, in ms. */
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;
/** Default largest answer HttpStorage accepts, in bytes. */
export const DEFAULT_HTTP_MAX_BYTES = 512 * 1024 ** 2;

/** The JSON index file that lets {@link HttpStorage} list keys. */
export interface HttpIndex {
  readonly keys: readonly string[];
}

/**
 * Reads a dump served over HTTP(S) under a base URL: key `a/b.ferry` is fetched from `<base>/a/b.ferry`
 * (each segment URL-encoded). Read-only: `write` and `delete` throw a `ReadOnlyStorageError`.
 * A 404/410 is a `NotFoundError`; any other non-2xx answer, a network failure, an HTML page (by
 * `Content-Type` or by its first bytes) or a `.ferry` file without Ferry's magic bytes is an
 * `HttpStorageError` — never data. Requests are bounded: a timeout and a caller `AbortSignal`
 * (`StorageTimeoutError`), a body cap counted while it streams, short bodies and resets refused,
 * same-origin redirects only by default (see {@link HttpStorageOptions}).
 */
export class HttpStorage implements StorageAdapter {
  /** The base URL, ending in `/`. */
  readonly baseUrl: URL;
  private readonly options: HttpStorageOptions;

  /** @param baseUrl - the URL of the dump's root folder (relative URLs resolve against `location` in browsers). */
  constructor(baseUrl: string | URL, options: HttpStorageOptions = {}) {
    const base = new URL(String(baseUrl), (globalThis as { location?: { href: string } }).location?.href);
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.baseUrl = base;
    this.options = options;
  }

  /** The URL a key is fetched from. */
  urlOf(key: string): URL {
    return new URL(validateStoragePath(key).split('/').map(encodeURIComponent).join('/'), this.baseUrl);
  }

  async read(path: string): Promise<Uint8Array> {
    const key = validateStoragePath(path);
    const url = this.urlOf(key);
    const bytes = await this.get(url, key, async (response) => {
      const contentType = response.headers.get('content-type') ?? '';
      if (/^\s*(text\/html|application\/xhtml\+xml)/i.test(contentType)) {
        await response.body?.cancel().catch(() => undefined);
        throw new HttpStorageError(
          url.href,
          response.status,
          `an HTML page (${contentType}) where ${key} was expected`,
        );
      }
    });
    if (key.endsWith(FERRY_EXTENSION) && !FERRY_MAGIC.every((b, i) => bytes[i] === b)) {
      throw new HttpStorageError(url.href, 200, `${key} is not a Ferry dump file (bad magic bytes)`);
    }
    if (looksLikeHtml(bytes)) {
      throw new HttpStorageError(url.href, 200, `an HTML page where ${key} was expected`);
    }
    return bytes;
  }

  async write(path: string, _data: WriteData): Promise<void> {
    throw new ReadOnlyStorageError('HttpStorage', 'write', validateStoragePath(path));
  }

  async delete(prefix: string): Promise<void> {
    throw new ReadOnlyStorageError('HttpStorage', 'delete', validateStoragePath(prefix, true));
  }

  async list(prefix: string): Promise<string[]> {
    const p = validateStoragePath(prefix, true);
    if (this.options.index === undefined) {
      throw new ReadOnlyStorageError(
        'HttpStorage',
        'list',
        p,
        'plain HTTP cannot list a folder; serve an index (httpIndexBytes) and pass its key as { index }',
      );
    }
    const indexKey = validateStoragePath(this.options.index);
    const url = this.urlOf(indexKey);
    const text = new TextDecoder().decode(await this.get(url, indexKey));
    let keys: unknown;
    try {
      keys = (JSON.parse(text) as { keys?: unknown }).keys;
    } catch (cause) {
      throw new HttpStorageError(url.href, 200, 'the index is not JSON', { cause });
    }
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) {
      throw new HttpStorageError(url.href, 200, 'the index has no "keys" array of strings');
    }
    return keys
      .map((k) => validateStoragePath(k))
      .filter((k) => isUnderPrefix(k, p))
      .sort();
  }

  /** GETs `url` within this storage's limits; 404/410 is a `NotFoundError`, another non-2xx an `HttpStorageError`. */
  private async get(url: URL, key: string, check?: (response: Response) => Promise<void>): Promise<Uint8Array> {
    const doFetch: FetchFunction = this.options.fetch ?? ((input, init) => fetch(input, init));
    const limits = {
      timeoutMs: this.options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
      signal: this.options.signal,
      maxBytes: this.options.maxBytes ?? DEFAULT_HTTP_MAX_BYTES,
      redirects: this.options.redirects ?? 'same-origin',
    };
    const { body } = await boundedHttpGet(doFetch, url, this.options.init ?? {}, limits, async (response, final) => {
      if (response.status === 404 || response.status === 410) {
        await response.body?.cancel().catch(() => undefined);
        throw new NotFoundError(key, `HTTP ${response.status} from ${final.href}`);
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new HttpStorageError(final.href, response.status, response.statusText || 'not a 2xx answer');
      }
      await check?.(response);
    });
    return body;
  }
}

/** The index file that lets {@link HttpStorage} list: every key of `storage` under `prefix`, as JSON. */
export async function httpIndexBytes(storage: StorageAdapter, prefix = ''): Promise<Uint8Array> {
  const index: HttpIndex = { keys: await storage.list(prefix) };
  return new TextEncoder().encode(JSON.stringify(index));
}

/** True when the bytes start (after a BOM and whitespace) with `<!doctype html` or `<html`. */
function looksLikeHtml(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  const head = new TextDecoder().decode(bytes.subarray(i, i + 15)).toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}
