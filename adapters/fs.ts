import { randomBytes } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writevSync,
} from 'node:fs';
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { InvalidPathError, NotFoundError } from '../src/errors/index.ts';
import { typedDiskError } from '../src/storage/diskErrors.ts';
import { publishDiskTree } from '../src/storage/publishDiskTree.ts';
import {
  type StorageAdapter,
  type TreeSnapshot,
  type TreeWriteOptions,
  type WriteData,
  writeDataLength,
} from '../src/storage/StorageAdapter.ts';
import type { TreeLockOptions } from '../src/storage/treeLock.ts';
import { isPublisherName, type TreeFileSystem, treeEntries } from '../src/storage/treePublisher.ts';
import { openDiskTree } from '../src/storage/treeSnapshot.ts';
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

/** Linux's PATH_MAX less the longest name the adapter adds (staging, retired and temporary names). */
const MAX_FULL_PATH_BYTES = 4095 - 40;

/** Options of {@link FileSystemStorage}. */
export interface FileSystemStorageOptions extends TreeLockOptions {
  /**
   * Single-key `write`s fsync the file before its rename and the folder after, so a power loss leaves
   * the old file or the new one (default false: a process crash is survived, a power loss may not be).
   * Saves choose with their own `durable` option.
   */
  readonly durable?: boolean;
  /**
   * Let writes go through symbolic links to folders (default false: a write whose folder path inside
   * the root crosses a symlink is an `InvalidPathError`, so a link cannot lead writes out of the root).
   * Reads always follow links.
   */
  readonly followSymlinks?: boolean;
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
 * - `writeTree` (used by saves) writes the whole tree into a staging folder under the dump's writer lock
 *   and publishes it with two renames; `openTree` pins a load to one version without changing anything.
 *   A process killed at any point, a full disk (`StorageQuotaError`) or a concurrent writer leaves the
 *   previous dump or the new one, loadable (docs/storage.md).
 * - Writes do not follow symlinks out of the root unless `followSymlinks` is set.
 */
export class FileSystemStorage implements StorageAdapter {
  /** Absolute root folder. */
  readonly root: string;
  /** Folders known to exist (saves a mkdir per file); cleared by delete(). */
  private readonly madeDirs = new Set<string>();
  private readonly hook: (operation: string, path: string) => void;
  private readonly options: FileSystemStorageOptions;

  constructor(root: string, options: FileSystemStorageOptions = {}) {
    this.root = resolve(root);
    this.hook = options.beforeOperation ?? (() => {});
    this.options = options;
  }

  private fullPath(key: string): string {
    const full = key === '' ? this.root : join(this.root, ...key.split('/'));
    if (Buffer.byteLength(full) > MAX_FULL_PATH_BYTES) {
      throw new InvalidPathError(key, `the full path under ${this.root} is longer than ${MAX_FULL_PATH_BYTES} bytes`);
    }
    return full;
  }

  private checkNoSymlink(folder: string, key: string): void {
    if (!this.options.followSymlinks) refuseSymlinkedFolder(this.root, folder, key);
  }

  /** Creates a folder (once per storage) after checking it is not reached through a symlink. */
  private ensureFolder(folder: string, key: string): void {
    if (this.madeDirs.has(folder)) return;
    this.checkNoSymlink(folder, key);
    this.hook('mkdir', folder);
    mkdirSync(folder, { recursive: true });
    this.madeDirs.add(folder);
  }

  async read(path: string): Promise<Uint8Array> {
    const key = validateStoragePath(path);
    checkKeySuffix(key);
    const file = this.fullPath(key);
    let small: Uint8Array | undefined;
    try {
      small = readSmallFileSync(openForRead(file, key), SMALL_FILE_BYTES);
    } catch (error) {
      throw typedDiskError(notFoundOr(error, key, file), `FileSystemStorage(${this.root})`, key, 0);
    }
    if (small) return small;
    try {
      const buf = await readFile(file);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (error) {
      if (!isCode(error, 'ENOENT'))
        throw typedDiskError(notFoundOr(error, key, file), `FileSystemStorage(${this.root})`, key, 0);
      // Replaced between the size check and this read: read whichever version is in place now.
      return this.read(path);
    }
  }

  async write(path: string, data: WriteData): Promise<void> {
    const key = validateStoragePath(path);
    checkKeySuffix(key);
    const target = this.fullPath(key);
    const temp = `${target}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
    const durable = this.options.durable === true;
    try {
      this.ensureFolder(dirname(target), key);
      await this.writeNewFile(temp, data, durable);
      try {
        if (durable) {
          // Renaming over the old file: at no moment is there no file (a power loss keeps one of the two).
          this.hook('rename', temp);
          renameSync(temp, target);
          this.syncFolder(dirname(target));
        } else {
          this.publishFile(temp, target);
        }
      } catch (error) {
        rmSync(temp, { force: true });
        throw error;
      }
    } catch (error) {
      throw typedDiskError(error, `FileSystemStorage(${this.root})`, key, writeDataLength(data));
    }
  }

  /** fsyncs a folder (its entries: renames and new files in it); ignored where folders cannot be opened. */
  private syncFolder(folder: string): void {
    this.hook('fsync', folder);
    syncFolderSync(folder);
  }

  /**
   * Writes `data` to a file that nobody reads yet (a temporary or staged file), creating its folder;
   * with `durable`, fsyncs it before closing.
   */
  private async writeNewFile(file: string, data: WriteData, durable = false): Promise<void> {
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
        if (durable) {
          this.hook('fsync', file);
          fsyncSync(fd);
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
      if (durable) {
        this.hook('fsync', file);
        await handle.sync();
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

  /** The disk primitives of a tree publish and of the writer lock, through the test hook. */
  private treeFileSystem(): TreeFileSystem {
    return nodeTreeFileSystem(
      this.hook,
      (path, data, durable) => this.writeNewFile(path, data, durable),
      (path) => this.syncFolder(path),
    );
  }

  async writeTree(
    prefix: string,
    files: ReadonlyMap<string, WriteData>,
    options: TreeWriteOptions = {},
  ): Promise<void> {
    const { prefix: p, entries } = treeEntries(prefix, files, (key) => {
      const k = validateStoragePath(key);
      checkKeySuffix(k);
      this.fullPath(k);
      return k;
    });
    const target = this.fullPath(p);
    const folder = dirname(target);
    try {
      await publishDiskTree(this.treeFileSystem(), { folder, base: basename(target), key: p }, entries, options, {
        label: `FileSystemStorage(${this.root})`,
        lock: this.options,
        beforePublish: () => this.checkNoSymlink(folder, p),
      });
    } finally {
      this.forgetDirsUnder(folder);
    }
  }

  async openTree(prefix: string): Promise<TreeSnapshot> {
    const p = validateStoragePath(prefix);
    try {
      return await openDiskTree(this, this.treeFileSystem(), p, this.fullPath(p), this.options);
    } catch (error) {
      throw typedDiskError(error, `FileSystemStorage(${this.root})`, p, 0);
    }
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
/**
 * node:fs as the primitives of a tree publish and of the writer lock (FileSystemStorage and BunStorage),
 * calling `hook` before each operation that changes the disk; files are written by `writeNewFile`.
 */
export function nodeTreeFileSystem(
  hook: (operation: string, path: string) => void,
  writeNewFile: TreeFileSystem['writeNewFile'],
  syncFolder: (path: string) => void,
): TreeFileSystem {
  return {
    writeNewFile: (path, data, durable) => writeNewFile(path, data, durable),
    makeDir: (path) => {
      hook('mkdir', path);
      mkdirSync(path, { recursive: true });
    },
    renameIfExists: (from, to) => {
      hook('rename', from);
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
      hook('rmdir', path);
      rmSync(path, { recursive: true, force: true });
    },
    removeFile: (path) => {
      hook('unlink', path);
      rmSync(path, { force: true });
    },
    exists: (path) => existsSync(path),
    listNames: (folder) => {
      try {
        return readdirSync(folder);
      } catch {
        return [];
      }
    },
    listTree: (folder) => listFilesUnder(folder),
    linkOrCopy: (from, to, durable) => {
      hook('link', to);
      try {
        linkSync(from, to);
      } catch {
        copyFileSync(from, to);
      }
      if (durable) {
        hook('fsync', to);
        const fd = openSync(to, 'r');
        try {
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
    },
    syncFolder: (path) => syncFolder(path),
    isSymlink: (path) => {
      try {
        return lstatSync(path).isSymbolicLink();
      } catch {
        return false;
      }
    },
    readFile: (path) => {
      try {
        return readSmallFileSync(openSync(path, 'r'), Number.MAX_SAFE_INTEGER);
      } catch (error) {
        if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR') || isCode(error, 'EISDIR')) return undefined;
        throw error;
      }
    },
    createExclusive: (path, data) => {
      hook('lock', path);
      let fd: number;
      try {
        fd = openSync(path, 'wx');
      } catch (error) {
        if (isCode(error, 'EEXIST')) return false;
        throw error;
      }
      try {
        writevSync(fd, [data]);
      } finally {
        closeSync(fd);
      }
      return true;
    },
    modifiedMs: (path) => {
      try {
        return statSync(path).mtimeMs;
      } catch {
        return undefined;
      }
    },
    touch: (path) => {
      const now = new Date();
      try {
        utimesSync(path, now, now);
      } catch {
        // broken as stale by another writer: stillHeld() reports it
      }
    },
    ownerId: () => `${hostname()}:${process.pid}`,
    ownerAlive: (owner) => processAlive(owner),
  };
}

/** fsyncs a folder (its entries: renames and new files in it); ignored where folders cannot be opened or synced. */
export function syncFolderSync(folder: string): void {
  let fd: number;
  try {
    fd = openSync(folder, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    if (!isCode(error, 'EINVAL') && !isCode(error, 'EISDIR') && !isCode(error, 'EPERM')) throw error;
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses (`InvalidPathError`) a write into `folder` when a folder between `root` and it (inside the
 * root) is a symbolic link, so that a link cannot lead writes out of the root.
 */
export function refuseSymlinkedFolder(root: string, folder: string, key: string): void {
  if (!folder.startsWith(`${root}/`)) return;
  let at = root;
  for (const part of folder.slice(root.length + 1).split('/')) {
    at = `${at}/${part}`;
    let link: boolean;
    try {
      link = lstatSync(at).isSymbolicLink();
    } catch {
      return; // missing: it will be created as a real folder
    }
    if (link) {
      throw new InvalidPathError(key, `${at} is a symbolic link; writes do not follow links (option followSymlinks)`);
    }
  }
}

/** Every file under `folder` (not following links), as `/`-separated relative paths; [] when it does not exist. */
export function listFilesUnder(folder: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(folder, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const parent = (e as { parentPath?: string; path?: string }).parentPath ?? (e as { path: string }).path;
    out.push(
      `${parent}/${e.name}`
        .slice(folder.length + 1)
        .split(/[\\/]/)
        .join('/'),
    );
  }
  return out;
}

/**
 * False only when `owner` (`host:pid`, as written in a lock file) is a process of this host that no
 * longer exists; true when it runs or cannot be checked.
 */
export function processAlive(owner: string): boolean {
  const cut = owner.lastIndexOf(':');
  const pid = Number(owner.slice(cut + 1));
  if (owner.slice(0, cut) !== hostname() || !Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isCode(error, 'ESRCH');
  }
}

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
