import { existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { InvalidPathError, NotFoundError } from '../src/errors/index.ts';
import { concatWriteData, type StorageAdapter, type WriteData } from '../src/storage/StorageAdapter.ts';
import {
  isPublisherName,
  publishTree,
  recoverTree,
  type TreeFileSystem,
  treeEntries,
} from '../src/storage/treePublisher.ts';
import { validateStoragePath } from '../src/storage/validateStoragePath.ts';
import { readSmallFileSync } from './fs.ts';

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

  /** @param root - the folder holding the keys (relative to the working directory unless absolute). */
  constructor(root: string) {
    this.root = root.replace(/[\\/]+$/, '') || '/';
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
      throw error;
    }
  }

  async write(path: string, data: WriteData): Promise<void> {
    const key = checkKey(path);
    const target = this.fullPath(key);
    const folder = target.slice(0, target.lastIndexOf('/'));
    const temp = `${target}.${Math.random().toString(36).slice(2, 10)}${TEMP_SUFFIX}`;
    const bytes = concatWriteData(data);
    if (!this.madeDirs.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.madeDirs.add(folder);
    }
    try {
      try {
        await writeFile(temp, bytes);
      } catch (error) {
        if (!isCode(error, 'ENOENT')) throw error;
        // The folder was removed behind this storage's back: make it again.
        await mkdir(folder, { recursive: true });
        await writeFile(temp, bytes);
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /**
   * Replaces the tree under `prefix` crash-safely (full dumps use it): staged beside it, then published
   * with two renames (see `publishTree`).
   */
  async writeTree(prefix: string, files: ReadonlyMap<string, WriteData>): Promise<void> {
    const { prefix: p, entries } = treeEntries(prefix, files, checkKey);
    const target = this.fullPath(p);
    const cut = target.lastIndexOf('/');
    const tag = Math.random().toString(36).slice(2, 10);
    await publishTree(BUN_TREE_FILE_SYSTEM, target.slice(0, cut), target.slice(cut + 1), entries, tag);
    this.madeDirs.clear();
  }

  /** Rolls back a tree publish a crash interrupted (loads call it). */
  async recover(prefix: string): Promise<void> {
    const target = this.fullPath(validateStoragePath(prefix));
    const cut = target.lastIndexOf('/');
    await recoverTree(BUN_TREE_FILE_SYSTEM, target.slice(0, cut), target.slice(cut + 1), false);
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

/** node:fs (Bun's fastest path, see above) as the primitives of a crash-safe tree publish. */
const BUN_TREE_FILE_SYSTEM: TreeFileSystem = {
  writeNewFile: async (path, data) => {
    mkdirSync(path.slice(0, path.lastIndexOf('/')), { recursive: true });
    await writeFile(path, concatWriteData(data));
  },
  makeDir: (path) => {
    mkdirSync(path, { recursive: true });
  },
  renameIfExists: (from, to) => {
    try {
      renameSync(from, to);
      return true;
    } catch (error) {
      if (isCode(error, 'ENOENT')) return false;
      throw error;
    }
  },
  removeTree: (path) => {
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
