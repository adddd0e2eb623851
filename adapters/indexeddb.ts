import { CorruptDumpError, InvalidPathError, NotFoundError } from '../src/errors/index.ts';
import { StorageQuotaError } from '../src/errors/storageErrors.ts';
import {
  type StorageAdapter,
  type TreeSnapshot,
  type TreeWriteOptions,
  type WriteData,
  writeDataLength,
} from '../src/storage/StorageAdapter.ts';
import { GENERATION_FILE, treeEntries } from '../src/storage/treePublisher.ts';
import { validateStoragePath } from '../src/storage/validateStoragePath.ts';

/** Object store of one record per key: `{ path, size, chunks }`. */
const FILES = 'files';
/** Object store of the bytes, as ArrayBuffers under the out-of-line key `[path, chunkIndex]`. */
const CHUNKS = 'chunks';
const DB_VERSION = 1;
/** Default largest chunk: big values are split so no single structured clone is huge. */
const DEFAULT_CHUNK_BYTES = 16 * 1024 * 1024;

interface FileRecord {
  readonly path: string;
  readonly size: number;
  readonly chunks: number;
}

/** Options of {@link IndexedDbStorage}. */
export interface IndexedDbStorageOptions {
  /** Largest chunk record in bytes (default 16 MiB). */
  readonly chunkBytes?: number;
  /** The IndexedDB factory (default `globalThis.indexedDB`). */
  readonly indexedDB?: IDBFactory;
}

/** Every chunk record of `path` (keys `[path, 0…]`). */
function chunkRange(path: string): IDBKeyRange {
  return IDBKeyRange.bound([path, 0], [path, Number.POSITIVE_INFINITY]);
}

/** Every string key under `prefix/` ('/' is U+002F, '0' is the next code unit). */
function underRange(prefix: string): IDBKeyRange {
  return IDBKeyRange.bound(`${prefix}/`, `${prefix}0`, false, true);
}

/** Every chunk record of every key under `prefix/`: arrays compare by their first element first. */
function chunksUnderRange(prefix: string): IDBKeyRange {
  return IDBKeyRange.bound([`${prefix}/`], [`${prefix}0`], false, true);
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * Stores keys in an IndexedDB database (browsers and workers). Values are split into chunk records
 * (16 MiB by default) so large dumps fit; a key's record and all of its chunks are replaced in ONE
 * `readwrite` transaction opened with `durability: 'strict'`, and a write resolves on the transaction's
 * `complete` event — readers (one read-only transaction each) see the old value or the new one, never a
 * mix. A full quota aborts the transaction (nothing of it is kept) and surfaces as a
 * {@link StorageQuotaError}. {@link writeMany} writes a whole dump in one transaction.
 */
export class IndexedDbStorage implements StorageAdapter {
  /** Name of the IndexedDB database. */
  readonly databaseName: string;
  /** Largest chunk record, in bytes. */
  readonly chunkBytes: number;
  private readonly factory: IDBFactory;
  private db: Promise<IDBDatabase> | undefined;

  /** @param databaseName - the database holding the keys (it is created on first use). */
  constructor(databaseName: string, options: IndexedDbStorageOptions = {}) {
    const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    if (!factory) throw new TypeError('IndexedDbStorage needs IndexedDB (globalThis.indexedDB is missing)');
    const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    if (!Number.isInteger(chunkBytes) || chunkBytes < 1) {
      throw new RangeError(`IndexedDbStorage: chunkBytes must be a positive integer, got ${chunkBytes}`);
    }
    this.databaseName = databaseName;
    this.chunkBytes = chunkBytes;
    this.factory = factory;
  }

  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      const req = this.factory.open(this.databaseName, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains(FILES)) db.createObjectStore(FILES, { keyPath: 'path' });
        if (!db.objectStoreNames.contains(CHUNKS)) db.createObjectStore(CHUNKS);
      };
      this.db = request(req).then((db) => {
        // Let another tab upgrade or delete the database: close, and reopen on next use.
        db.onversionchange = () => {
          db.close();
          this.db = undefined;
        };
        return db;
      });
      this.db.catch(() => {
        this.db = undefined;
      });
    }
    return this.db;
  }

  async read(path: string): Promise<Uint8Array> {
    const key = validateStoragePath(path);
    const tx = (await this.open()).transaction([FILES, CHUNKS], 'readonly');
    const [record, chunks] = await Promise.all([
      request(tx.objectStore(FILES).get(key) as IDBRequest<FileRecord | undefined>),
      request(tx.objectStore(CHUNKS).getAll(chunkRange(key)) as IDBRequest<ArrayBuffer[]>),
    ]);
    if (!record) throw new NotFoundError(key, `IndexedDB database "${this.databaseName}"`);
    if (chunks.length === 1 && chunks[0].byteLength === record.size) return new Uint8Array(chunks[0]);
    const out = new Uint8Array(record.size);
    let offset = 0;
    for (const c of chunks) {
      if (offset + c.byteLength > record.size) break;
      out.set(new Uint8Array(c), offset);
      offset += c.byteLength;
    }
    if (chunks.length !== record.chunks || offset !== record.size) {
      throw new CorruptDumpError(
        key,
        offset,
        `IndexedDB holds ${chunks.length} chunks (${offset} bytes) where ${record.chunks} chunks of ${record.size} bytes were written`,
      );
    }
    return out;
  }

  async write(path: string, data: WriteData): Promise<void> {
    await this.writeMany([[path, data]]);
  }

  /**
   * Writes several keys in one transaction: all of them are stored, or (on any error, a full quota
   * included) none. Resolves when the transaction completes with strict durability.
   */
  async writeMany(files: Iterable<readonly [string, WriteData]>): Promise<void> {
    await this.writeInTransaction(files);
  }

  /**
   * Replaces (or, in `update` mode, updates) the whole tree under `prefix` in one strict transaction
   * (saves use it), with a new generation record `<prefix>/.ferry-generation` (hidden from `list`): a
   * crash or a full quota leaves the previous tree, never a mixture, and a load (one read-only
   * transaction per file) that a save overtook notices and starts again.
   */
  async writeTree(
    prefix: string,
    files: ReadonlyMap<string, WriteData>,
    options: TreeWriteOptions = {},
  ): Promise<void> {
    const { prefix: p, entries } = treeEntries(prefix, files, (key) => {
      const k = validateStoragePath(key);
      if (k.endsWith(`/${GENERATION_FILE}`)) throw new InvalidPathError(key, `${GENERATION_FILE} is reserved`);
      return k;
    });
    const generation = crypto.getRandomValues(new Uint8Array(12));
    await this.writeInTransaction(
      [...entries.map(([key, , data]) => [key, data] as const), [`${p}/${GENERATION_FILE}`, generation] as const],
      options.mode === 'update' ? undefined : p,
    );
  }

  /** The tree under `prefix` with its generation (the record the last writeTree put there). */
  async openTree(prefix: string): Promise<TreeSnapshot> {
    const p = validateStoragePath(prefix);
    let generation: string | undefined;
    try {
      generation = Array.from(await this.read(`${p}/${GENERATION_FILE}`), (b) => b.toString(16)).join('.');
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    return { storage: this, generation, state: 'complete' };
  }

  private async writeInTransaction(files: Iterable<readonly [string, WriteData]>, replace?: string): Promise<void> {
    const list = [...files].map(([p, d]) => [validateStoragePath(p), d] as const);
    if (list.length === 0 && replace === undefined) return;
    const db = await this.open();
    const bytes = list.reduce((n, [, d]) => n + writeDataLength(d), 0);
    const where = list.length === 1 ? list[0][0] : `${list.length} keys (${list[0]?.[0] ?? replace}, …)`;
    const tx = db.transaction([FILES, CHUNKS], 'readwrite', { durability: 'strict' });
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(this.mapError(tx.error, where, bytes));
    });
    // Request errors bubble to the transaction and abort it; the abort handler reports them.
    try {
      const filesStore = tx.objectStore(FILES);
      const chunkStore = tx.objectStore(CHUNKS);
      if (replace !== undefined) {
        filesStore.delete(replace);
        filesStore.delete(underRange(replace));
        chunkStore.delete(chunkRange(replace));
        chunkStore.delete(chunksUnderRange(replace));
      }
      for (const [key, data] of list) {
        chunkStore.delete(chunkRange(key));
        let index = 0;
        for (const chunk of splitIntoChunks(data, this.chunkBytes)) chunkStore.put(chunk, [key, index++]);
        const record: FileRecord = { path: key, size: writeDataLength(data), chunks: index };
        filesStore.put(record);
      }
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // already finished
      }
      done.catch(() => undefined);
      throw this.mapError(error, where, bytes);
    }
    await done;
  }

  async list(prefix: string): Promise<string[]> {
    const p = validateStoragePath(prefix, true);
    const store = (await this.open()).transaction(FILES, 'readonly').objectStore(FILES);
    const visible = (keys: string[]): string[] => keys.filter((k) => !k.endsWith(`/${GENERATION_FILE}`)).sort();
    if (p === '') return visible((await request(store.getAllKeys())) as string[]);
    const [exact, under] = await Promise.all([request(store.getKey(p)), request(store.getAllKeys(underRange(p)))]);
    const keys = under as string[];
    if (exact !== undefined) keys.push(p);
    return visible(keys);
  }

  async delete(prefix: string): Promise<void> {
    const p = validateStoragePath(prefix, true);
    const tx = (await this.open()).transaction([FILES, CHUNKS], 'readwrite', { durability: 'strict' });
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error);
    });
    const files = tx.objectStore(FILES);
    const chunks = tx.objectStore(CHUNKS);
    if (p === '') {
      files.clear();
      chunks.clear();
    } else {
      files.delete(p);
      files.delete(underRange(p));
      chunks.delete(chunkRange(p));
      chunks.delete(chunksUnderRange(p));
    }
    await done;
  }

  /** Closes the connection (a later call reopens it). */
  async close(): Promise<void> {
    const db = this.db;
    this.db = undefined;
    if (db) (await db.catch(() => undefined))?.close();
  }

  /** Closes the connection and deletes the whole database. */
  async destroy(): Promise<void> {
    await this.close();
    await request(this.factory.deleteDatabase(this.databaseName));
  }

  private mapError(error: unknown, where: string, bytes: number): unknown {
    if (error instanceof Error || (typeof DOMException !== 'undefined' && error instanceof DOMException)) {
      if ((error as { name: string }).name === 'QuotaExceededError') {
        return new StorageQuotaError(`IndexedDbStorage("${this.databaseName}")`, where, bytes, { cause: error });
      }
      return error;
    }
    return new Error(`IndexedDbStorage("${this.databaseName}"): the write of ${where} was aborted`, { cause: error });
  }
}

/**
 * Splits the bytes into fresh ArrayBuffers of at most `size` bytes. Fresh copies matter: IndexedDB
 * clones a view's WHOLE underlying buffer, and the caller may change its buffer after the write.
 */
function* splitIntoChunks(data: WriteData, size: number): Generator<ArrayBuffer> {
  const parts = data instanceof Uint8Array ? [data] : data;
  let chunk = new Uint8Array(0);
  let filled = 0;
  let remaining = writeDataLength(data);
  for (const part of parts) {
    let off = 0;
    while (off < part.byteLength) {
      if (filled === chunk.byteLength) {
        chunk = new Uint8Array(Math.min(size, remaining));
        filled = 0;
      }
      const n = Math.min(chunk.byteLength - filled, part.byteLength - off);
      chunk.set(part.subarray(off, off + n), filled);
      filled += n;
      off += n;
      remaining -= n;
      if (filled === chunk.byteLength) yield chunk.buffer;
    }
  }
}
