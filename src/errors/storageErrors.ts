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
