import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  writevSync,
} from 'node:fs';
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InvalidPathError, NotFoundError } from '../src/errors/index.ts';
import { type StorageAdapter, type WriteData, writeDataLength } from '../src/storage/StorageAdapter.ts';
import {
  isPublisherName,
  publishTree,
  recoverTree,
  type TreeFileSystem,
  treeEntries,
} from '../src/storage/treePublisher.ts';
import { validateStoragePath } from '../src/storage/validateStoragePath.ts';

/**
 * Files at most this large are read and written with synchronous calls: for a few kilobytes the
 * thread-pool round trips of the async API cost more than the I/O itself. Larger files use the
 * async API and never block the event loop long.
 */
const SMALL_FILE_BYTES = 256 * 1024;
/** Suffix of a file being written; never listed, never a valid key. */
const TEMP_SUFFIX = '.ferry-tmp';
/** Suffix of the previous version of a file while the new one is moved in; never listed, never a valid key. */
const ASIDE_SUFFIX = '.ferry-old';

/** Options of {@link FileSystemStorage}. */
export interface FileSystemStorageOptions {
  /**
   * Test hook: called before every file-system operation that changes the disk, with its name and
   * path. The crash-safety test kills the process from here at every possible point.
   */
  readonly beforeOperation?: (operation: string, path: string) => void;
}

/**
 * Stores keys as files under a root folder with `node:fs` (Node, and Bun/Deno through their
 * Node compatibility).
 *
 * - `write` is atomic: a temporary file in the same folder is moved into place, so a reader sees the
 *   old file or the new one, never half of one.
 * - `writeTree` (used by full dumps) writes the whole tree into a staging folder and publishes it with
 *   two renames; `recover` (called by every load) rolls back a publish a crash interrupted. A process
 *   killed at any point leaves the previous dump or the new one, loadable.
 */
export class FileSystemStorage implements StorageAdapter {
  /** Absolute root folder. */
  readonly root: string;
  /** Folders known to exist (saves a mkdir per file); cleared by delete(). */
  private readonly madeDirs = new Set<string>();
  private readonly hook: (operation: string, path: string) => void;

  constructor(root: string, options: FileSystemStorageOptions = {}) {
    this.root = resolve(root);
    this.hook = options.beforeOperation ?? (() => {});
  }

  private fullPath(key: string): string {
    return key === '' ? this.root : join(this.root, ...key.split('/'));
  }

  async read(path: string): Promise<Uint8Array> {
    const key = validateStoragePath(path);
    checkKeySuffix(key);
    const file = this.fullPath(key);
    let small: Uint8Array | undefined;
    try {
      small = readSmallFileSync(openForRead(file, key), SMALL_FILE_BYTES);
    } catch (error) {
      throw notFoundOr(error, key, file);
    }
    if (small) return small;
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
    const temp = `${target}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
    await this.writeNewFile(temp, data);
    try {
      this.publishFile(temp, target);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  }

  /** Writes `data` to a file that nobody reads yet (a temporary or staged file), creating its folder. */
  private async writeNewFile(file: string, data: WriteData): Promise<void> {
    const folder = dirname(file);
    const chunks = (data instanceof Uint8Array ? [data] : data).filter((c) => c.byteLength > 0);
    if (writeDataLength(data) <= SMALL_FILE_BYTES) {
      if (!this.madeDirs.has(folder)) {
        this.hook('mkdir', folder);
        mkdirSync(folder, { recursive: true });
        this.madeDirs.add(folder);
      }
      let fd: number | undefined;
      try {
        this.hook('create', file);
        fd = this.openNewSync(file, folder);
        let pending = chunks;
        while (pending.length > 0) {
          this.hook('write', file);
          pending = advance(pending, writevSync(fd, pending));
        }
        closeSync(fd);
      } catch (error) {
        if (fd !== undefined) closeSync(fd);
        rmSync(file, { force: true });
        throw error;
      }
      return;
    }
    this.hook('mkdir', folder);
    await mkdir(folder, { recursive: true });
    this.madeDirs.add(folder);
    this.hook('create', file);
    const handle = await open(file, 'w');
    try {
      // writev writes every chunk without joining them first; it may write less than asked.
      let pending = chunks;
      while (pending.length > 0) {
        this.hook('write', file);
        const { bytesWritten } = await handle.writev(pending.slice(0, 1024));
        pending = advance(pending, bytesWritten);
      }
      await handle.close();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(file, { force: true });
      throw error;
    }
  }

  /** Opens a new file, recreating its folder if it was removed behind this storage's back. */
  private openNewSync(file: string, folder: string): number {
    try {
      return openSync(file, 'w');
    } catch (error) {
      if (!isCode(error, 'ENOENT')) throw error;
      mkdirSync(folder, { recursive: true });
      return openSync(file, 'w');
    }
  }

  /**
   * Moves `temp` to `target`. The old file is first moved aside and deleted after: on ext4, renaming
   * over an existing file forces a flush of the new file's data (auto_da_alloc), which doubled the
   * cost of a save. Readers arriving between the two renames read the aside copy (see `openForRead`).
   */
  private publishFile(temp: string, target: string): void {
    let aside = false;
    try {
      this.hook('rename', target);
      renameSync(target, target + ASIDE_SUFFIX);
      aside = true;
    } catch (error) {
      if (!isCode(error, 'ENOENT')) throw error;
    }
    this.hook('rename', temp);
    renameSync(temp, target);
    if (aside) {
      this.hook('unlink', target + ASIDE_SUFFIX);
      rmSync(target + ASIDE_SUFFIX, { force: true });
    }
  }

  /** The disk primitives of a crash-safe tree publish, through the test hook. */
  private treeFileSystem(): TreeFileSystem {
    return {
      writeNewFile: (path, data) => this.writeNewFile(path, data),
      makeDir: (path) => {
        this.hook('mkdir', path);
        mkdirSync(path, { recursive: true });
      },
      renameIfExists: (from, to) => {
        this.hook('rename', from);
        try {
          renameSync(from, to);
          return true;
        } catch (error) {
          if (isCode(error, 'ENOENT')) return false;
          throw error;
        }
      },
      // Synchronous: a few unlinks cost less than the thread-pool round trips of the async rm.
      removeTree: (path) => {
        this.hook('rmdir', path);
        rmSync(path, { recursive: true, force: true });
      },
      exists: (path) => existsSync(path),
      listNames: (folder) => {
        try {
          return readdirSync(folder);
        } catch {
          return [];
        }
      },
    };
  }

  async writeTree(prefix: string, files: ReadonlyMap<string, WriteData>): Promise<void> {
    const { prefix: p, entries } = treeEntries(prefix, files, (key) => {
      const k = validateStoragePath(key);
      checkKeySuffix(k);
      return k;
    });
    const target = this.fullPath(p);
    await publishTree(
      this.treeFileSystem(),
      dirname(target),
      basename(target),
      entries,
      randomBytes(6).toString('hex'),
    );
    this.forgetDirsUnder(dirname(target));
  }

  async recover(prefix: string): Promise<void> {
    const target = this.fullPath(validateStoragePath(prefix));
    await recoverTree(this.treeFileSystem(), dirname(target), basename(target), false);
  }

  private forgetDirsUnder(folder: string): void {
    for (const d of this.madeDirs) if (d === folder || d.startsWith(`${folder}/`)) this.madeDirs.delete(d);
  }

  async list(prefix: string): Promise<string[]> {
    const p = validateStoragePath(prefix, true);
    const base = this.fullPath(p);
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
      if (isPublisherName(rel)) continue;
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
 * The whole file behind `fd` when it is at most `limit` bytes, read synchronously; undefined when it is
 * larger (read it asynchronously). A folder is an `EISDIR` error. Closes `fd`.
 */
export function readSmallFileSync(fd: number, limit: number): Uint8Array | undefined {
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    if (info.size > limit) return undefined;
    const out = new Uint8Array(info.size);
    let got = 0;
    while (got < info.size) {
      const n = readSync(fd, out, got, info.size - got, got);
      if (n === 0) break;
      got += n;
    }
    return got === info.size ? out : out.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Keys the adapter uses for its own bookkeeping files are refused. */
function checkKeySuffix(key: string): void {
  if (key.endsWith(TEMP_SUFFIX) || key.endsWith(ASIDE_SUFFIX) || isPublisherName(key)) {
    throw new InvalidPathError(
      key,
      `keys ending in ${TEMP_SUFFIX} or ${ASIDE_SUFFIX}, or naming staging folders, are reserved`,
    );
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
