import { mkdirSync, openSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { InvalidPathError, NotFoundError } from '../src/errors/index.ts';
import { typedDiskError } from '../src/storage/diskErrors.ts';
import { publishDiskTree } from '../src/storage/publishDiskTree.ts';
import {
  concatWriteData,
  type StorageAdapter,
  type TreeSnapshot,
  type TreeWriteOptions,
  type WriteData,
} from '../src/storage/StorageAdapter.ts';
import type { TreeLockOptions } from '../src/storage/treeLock.ts';
import { isPublisherName, type TreeFileSystem, treeEntries } from '../src/storage/treePublisher.ts';
import { openDiskTree } from '../src/storage/treeSnapshot.ts';
import { validateStoragePath } from '../src/storage/validateStoragePath.ts';
import { nodeTreeFileSystem, readSmallFileSync, refuseSymlinkedFolder, syncFolderSync } from './fs.ts';

/** Options of {@link BunStorage} (the same meaning as FileSystemStorage's). */
export interface BunStorageOptions extends TreeLockOptions {
  /** Single-key writes fsync the file before its rename and the folder after (default false). */
  readonly durable?: boolean;
  /** Let writes go through symbolic links to folders inside the root (default false). */
  readonly followSymlinks?: boolean;
}

/** Suffix of a file being written; never listed, never a valid key. */
const TEMP_SUFFIX = '.ferry-tmp';
/** Files at most this large are read synchronously: for a few KiB an await costs more than the read. */
const SMALL_FILE_BYTES = 256 * 1024;

/**
 * Stores keys as files under a root folder, on Bun's fastest file path.
 *
 * Why `node:fs` and not `Bun.write` / `Bun.file`: measured inside Bun 1.4.5 on this project's 2-core
 * Linux machine (median of 5, 256 MiB, page cache warm), `Bun.write` took 325–506 ms against 23–57 ms for
 * `node:fs/promises` `writeFile` (Bun implements it natively), and `Bun.file().bytes()` /
 * `.arrayBuffer()` took 38–375 ms against 21–135 ms for `readFile`; a `FileHandle.write` of the same
 * buffer took 150–175 ms. For files of 64 KiB all of them are within 0.05 ms. So writes go through one
 * `writeFile` of one buffer (chunks are joined first: still far cheaper than a handle write) to a
 * temporary file renamed over the target, and reads through `readFile` (files up to 256 KiB with
 * synchronous reads: loading the 7-file seed dump spent more in awaits than in reads).
 * `bench/runtimes/load.bench.ts` re-measures the read side.
 */
export class BunStorage implements StorageAdapter {
  /** Root folder, without a trailing `/`. */
  readonly root: string;
  /** Folders known to exist (saves a mkdir per file); cleared by delete(). */
  private readonly madeDirs = new Set<string>();
  private readonly options: BunStorageOptions;

  /** @param root - the folder holding the keys (relative to the working directory unless absolute). */
  constructor(root: string, options: BunStorageOptions = {}) {
    this.root = root.replace(/[\\/]+$/, '') || '/';
    this.options = options;
  }

  private fullPath(key: string): string {
    return `${this.root}/${key}`;
  }

  async read(path: string): Promise<Uint8Array> {
    const key = checkKey(path);
    const file = this.fullPath(key);
    try {
      const small = readSmallFileSync(openSync(file, 'r'), SMALL_FILE_BYTES);
      if (small) return small;
      const buf = await readFile(file);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (error) {
      if (isCode(error, 'ENOENT', 'EISDIR', 'ENOTDIR')) throw new NotFoundError(key, `no file ${file}`);
      throw typedDiskError(error, `BunStorage(${this.root})`, key, 0);
    }
  }

  async write(path: string, data: WriteData): Promise<void> {
    const key = checkKey(path);
    const target = this.fullPath(key);
    const folder = target.slice(0, target.lastIndexOf('/'));
    const temp = `${target}.${Math.random().toString(36).slice(2, 10)}${TEMP_SUFFIX}`;
    const bytes = concatWriteData(data);
    const durable = this.options.durable === true;
    try {
      if (!this.madeDirs.has(folder)) {
        if (!this.options.followSymlinks) refuseSymlinkedFolder(this.root, folder, key);
        await mkdir(folder, { recursive: true });
        this.madeDirs.add(folder);
      }
      try {
        try {
          await writeBunFile(temp, bytes, durable);
        } catch (error) {
          if (!isCode(error, 'ENOENT')) throw error;
          // The folder was removed behind this storage's back: make it again.
          await mkdir(folder, { recursive: true });
          await writeBunFile(temp, bytes, durable);
        }
        await rename(temp, target);
        if (durable) syncFolderSync(folder);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    } catch (error) {
      throw typedDiskError(error, `BunStorage(${this.root})`, key, bytes.byteLength);
    }
  }

  /**
   * Writes the tree under `prefix` as one version under the dump's writer lock (saves use it): staged
   * beside it, then published with two renames (see `publishTree` and docs/storage.md).
   */
  async writeTree(
    prefix: string,
    files: ReadonlyMap<string, WriteData>,
    options: TreeWriteOptions = {},
  ): Promise<void> {
    const { prefix: p, entries } = treeEntries(prefix, files, checkKey);
    const target = this.fullPath(p);
    const cut = target.lastIndexOf('/');
    const folder = target.slice(0, cut);
    try {
      await publishDiskTree(BUN_TREE_FILE_SYSTEM, { folder, base: target.slice(cut + 1), key: p }, entries, options, {
        label: `BunStorage(${this.root})`,
        lock: this.options,
        beforePublish: () => (this.options.followSymlinks ? undefined : refuseSymlinkedFolder(this.root, folder, p)),
      });
    } finally {
      this.madeDirs.clear();
    }
  }

  /** Pins a load to one version of the tree under `prefix`, changing nothing. */
  async openTree(prefix: string): Promise<TreeSnapshot> {
    const p = validateStoragePath(prefix);
    try {
      return await openDiskTree(this, BUN_TREE_FILE_SYSTEM, p, this.fullPath(p), this.options);
    } catch (error) {
      throw typedDiskError(error, `BunStorage(${this.root})`, p, 0);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const p = validateStoragePath(prefix, true);
    const base = p === '' ? this.root : this.fullPath(p);
    let isFile: boolean;
    try {
      isFile = (await stat(base)).isFile();
    } catch (error) {
      if (isCode(error, 'ENOENT', 'ENOTDIR')) return [];
      throw error;
    }
    if (isFile) return [p];
    const names = await readdir(base, { recursive: true, withFileTypes: true });
    const keys: string[] = [];
    for (const e of names) {
      if (!e.isFile() || e.name.endsWith(TEMP_SUFFIX)) continue;
      const parent = (e as { parentPath?: string; path?: string }).parentPath ?? (e as { path: string }).path;
      const rel = `${parent}/${e.name}`.slice(base.length + 1);
      if (isPublisherName(rel)) continue;
      keys.push(p === '' ? rel : `${p}/${rel}`);
    }
    return keys.sort();
  }

  async delete(prefix: string): Promise<void> {
    const p = validateStoragePath(prefix, true);
    this.madeDirs.clear();
    if (p === '') {
      for (const name of await readdir(this.root).catch(() => [] as string[])) {
        await rm(`${this.root}/${name}`, { recursive: true, force: true });
      }
      return;
    }
    await rm(this.fullPath(p), { recursive: true, force: true });
  }
}

function checkKey(path: string): string {
  const key = validateStoragePath(path);
  if (key.endsWith(TEMP_SUFFIX) || isPublisherName(key)) {
    throw new InvalidPathError(
      key,
      `keys ending in ${TEMP_SUFFIX}, or naming staging folders, are reserved by BunStorage`,
    );
  }
  return key;
}

function isCode(error: unknown, ...codes: string[]): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && codes.includes(code);
}

/** One `writeFile` of one buffer (Bun's fastest path, see above); with `durable`, through a handle that is fsynced. */
async function writeBunFile(path: string, bytes: Uint8Array, durable: boolean): Promise<void> {
  if (!durable) {
    await writeFile(path, bytes);
    return;
  }
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** node:fs (Bun's fastest path, see above) as the primitives of a tree publish and of the writer lock. */
const BUN_TREE_FILE_SYSTEM: TreeFileSystem = nodeTreeFileSystem(
  () => undefined,
  async (path, data, durable) => {
    mkdirSync(path.slice(0, path.lastIndexOf('/')), { recursive: true });
    await writeBunFile(path, concatWriteData(data), durable);
  },
  syncFolderSync,
);
