import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writevSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InvalidPathError, NotFoundError } from '../src/errors/index.ts';
import { type StorageAdapter, type WriteData, writeDataLength } from '../src/storage/StorageAdapter.ts';
import { validateStoragePath } from '../src/storage/validateStoragePath.ts';

/**
 * Files at most this large are read and written with synchronous calls: for a few kilobytes the
 * thread-pool round trips of the async API cost more than the I/O itself (a 7-file pipeline dump
 * saves in a fraction of the time). Larger files use the async API and never block the event loop long.
 */
const SMALL_FILE_BYTES = 256 * 1024;
/** Suffix of a file being written; never listed, never a valid key. */
const TEMP_SUFFIX = '.ferry-tmp';
/** Suffix of the previous version of a file while the new one is moved in; never listed, never a valid key. */
const ASIDE_SUFFIX = '.ferry-old';

/**
 * Publishes `temp` as `target`. The old file is first moved aside and deleted after: on ext4, renaming
 * over an existing file forces a flush of the new file's data (auto_da_alloc), which doubled the
 * cost of a save. Readers that arrive between the two renames find the aside copy (see `read`).
 */
function publishSync(temp: string, target: string): void {
  let aside = false;
  try {
    renameSync(target, target + ASIDE_SUFFIX);
    aside = true;
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
  renameSync(temp, target);
  if (aside) rmSync(target + ASIDE_SUFFIX, { force: true });
}

async function publish(temp: string, target: string): Promise<void> {
  let aside = false;
  try {
    await rename(target, target + ASIDE_SUFFIX);
    aside = true;
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
  await rename(temp, target);
  if (aside) await rm(target + ASIDE_SUFFIX, { force: true });
}

/** Keys the adapter uses for its own bookkeeping files are refused. */
function checkKeySuffix(key: string): void {
  if (key.endsWith(TEMP_SUFFIX) || key.endsWith(ASIDE_SUFFIX)) {
    throw new InvalidPathError(
      key,
      `keys ending in ${TEMP_SUFFIX} or ${ASIDE_SUFFIX} are reserved by FileSystemStorage`,
    );
  }
}

/**
 * Stores keys as files under a root folder with `node:fs` (Node, and Bun/Deno through their
 * Node compatibility). Writes go to a temporary file in the same folder and are renamed into
 * place, so a reader sees the old file or the new one, never half of one.
 */
export class FileSystemStorage implements StorageAdapter {
  /** Absolute root folder. */
  readonly root: string;
  /** Folders known to exist (saves a mkdir per file); cleared by delete(). */
  private readonly madeDirs = new Set<string>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  private fullPath(key: string): string {
    return join(this.root, ...key.split('/'));
  }

  async read(path: string): Promise<Uint8Array> {
    const key = validateStoragePath(path);
    checkKeySuffix(key);
    const file = this.fullPath(key);
    const fd = openForRead(file, key);
    let size: number;
    try {
      const info = fstatSync(fd);
      if (info.isDirectory()) throw new NotFoundError(key, `${file} is a folder`);
      size = info.size;
      if (size <= SMALL_FILE_BYTES) {
        const out = new Uint8Array(size);
        let got = 0;
        while (got < size) {
          const n = readSync(fd, out, got, size - got, got);
          if (n === 0) break;
          got += n;
        }
        return got === size ? out : out.subarray(0, got);
      }
    } finally {
      closeSync(fd);
    }
    try {
      const buf = await readFile(file);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (error) {
      if (!isCode(error, 'ENOENT')) throw notFoundOr(error, key, file);
      // Replaced between the size check and this read: read whichever version is in place now.
      return this.read(path);
    }
  }

  async write(path: string, data: WriteData): Promise<void> {
    const key = validateStoragePath(path);
    checkKeySuffix(key);
    const target = this.fullPath(key);
    const folder = dirname(target);
    const temp = `${target}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
    const chunks = (data instanceof Uint8Array ? [data] : data).filter((c) => c.byteLength > 0);
    if (writeDataLength(data) <= SMALL_FILE_BYTES) {
      if (!this.madeDirs.has(folder)) {
        mkdirSync(folder, { recursive: true });
        this.madeDirs.add(folder);
      }
      let fd: number | undefined;
      try {
        fd = openTempSync(temp, folder);
        let pending = chunks;
        while (pending.length > 0) pending = advance(pending, writevSync(fd, pending));
        closeSync(fd);
        fd = undefined;
        publishSync(temp, target);
      } catch (error) {
        if (fd !== undefined) closeSync(fd);
        rmSync(temp, { force: true });
        throw error;
      }
      return;
    }
    await mkdir(folder, { recursive: true });
    this.madeDirs.add(folder);
    const handle = await open(temp, 'w');
    try {
      // writev writes every chunk without joining them first; it may write less than asked.
      let pending = chunks;
      while (pending.length > 0) {
        const { bytesWritten } = await handle.writev(pending.slice(0, 1024));
        pending = advance(pending, bytesWritten);
      }
      await handle.close();
      await publish(temp, target);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(temp, { force: true });
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const p = validateStoragePath(prefix, true);
    const base = p === '' ? this.root : this.fullPath(p);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(base);
    } catch (error) {
      if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return [];
      throw error;
    }
    if (info.isFile()) return [p];
    const entries = await readdir(base, { recursive: true, withFileTypes: true });
    const keys: string[] = [];
    for (const e of entries) {
      if (!e.isFile() || e.name.endsWith(TEMP_SUFFIX) || e.name.endsWith(ASIDE_SUFFIX)) continue;
      const parent = (e as { parentPath?: string; path?: string }).parentPath ?? (e as { path: string }).path;
      const rel = join(parent, e.name)
        .slice(this.root.length + 1)
        .split(/[\\/]/)
        .join('/');
      keys.push(rel);
    }
    return keys.sort();
  }

  async delete(prefix: string): Promise<void> {
    const p = validateStoragePath(prefix, true);
    this.madeDirs.clear();
    if (p === '') {
      for (const name of await readdir(this.root).catch(() => [] as string[])) {
        await rm(join(this.root, name), { recursive: true, force: true });
      }
      return;
    }
    await rm(this.fullPath(p), { recursive: true, force: true });
  }
}

/**
 * Opens `file` for reading. While a writer swaps versions (between its two renames) the file is briefly
 * absent and its previous version sits aside: read that one, or the new one if the swap just finished.
 */
function openForRead(file: string, key: string): number {
  for (const candidate of [file, file + ASIDE_SUFFIX, file]) {
    try {
      return openSync(candidate, 'r');
    } catch (error) {
      if (!isCode(error, 'ENOENT')) throw notFoundOr(error, key, file);
    }
  }
  throw new NotFoundError(key, `no file ${file}`);
}

/** Opens a new temporary file, recreating its folder if it was removed behind this storage's back. */
function openTempSync(temp: string, folder: string): number {
  try {
    return openSync(temp, 'w');
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
    mkdirSync(folder, { recursive: true });
    return openSync(temp, 'w');
  }
}

function advance(chunks: Uint8Array[], written: number): Uint8Array[] {
  let rest = written;
  let i = 0;
  while (i < chunks.length && rest >= chunks[i].byteLength) {
    rest -= chunks[i].byteLength;
    i++;
  }
  const out = chunks.slice(i);
  if (rest > 0 && out.length > 0) out[0] = out[0].subarray(rest);
  return out;
}

function notFoundOr(error: unknown, key: string, file: string): unknown {
  if (isCode(error, 'ENOENT') || isCode(error, 'EISDIR') || isCode(error, 'ENOTDIR')) {
    return new NotFoundError(key, `no file ${file}`);
  }
  return error;
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
