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

/** Options of {@link DenoStorage} (the same meaning as FileSystemStorage's). */
export interface DenoStorageOptions extends TreeLockOptions {
  /** Single-key writes fsync the file before its rename and the folder after (default false). */
  readonly durable?: boolean;
  /** Let writes go through symbolic links to folders inside the root (default false). */
  readonly followSymlinks?: boolean;
}

/** Suffix of a file being written; never listed, never a valid key. */
const TEMP_SUFFIX = '.ferry-tmp';
/**
 * Files at most this large are read with synchronous calls. Measured in Deno 2.9 on a 7-file seed dump:
 * loading took 1.04 ms with async reads against 0.34 ms from memory, while the seven async reads alone
 * took 0.21 ms and sync ones 0.04 ms — each await of an async read between decodes costs more than the
 * read. Larger files are read asynchronously and never block the event loop long.
 */
const SMALL_FILE_BYTES = 256 * 1024;

/** The part of Deno's file API this adapter uses (typed here so the package needs no Deno typings). */
interface DenoFile {
  write(p: Uint8Array): Promise<number>;
  sync(): Promise<void>;
  close(): void;
}
interface DenoSyncFile {
  statSync(): { readonly size: number; readonly isFile: boolean };
  readSync(p: Uint8Array): number | null;
  close(): void;
}
interface DenoDirEntry {
  readonly name: string;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
}
interface DenoFs {
  readFile(path: string): Promise<Uint8Array>;
  openSync(path: string, options: { read: true }): DenoSyncFile;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  open(
    path: string,
    options: { read?: boolean; write?: boolean; create?: boolean; truncate?: boolean; createNew?: boolean },
  ): Promise<DenoFile>;
  rename(from: string, to: string): Promise<void>;
  lstat(path: string): Promise<{ readonly isSymlink: boolean }>;
  link(from: string, to: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  utime(path: string, atime: Date, mtime: Date): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<void>;
  remove(path: string, options?: { recursive?: boolean }): Promise<void>;
  stat(path: string): Promise<{ readonly isFile: boolean; readonly isDirectory: boolean; readonly mtime: Date | null }>;
  readDir(path: string): AsyncIterable<DenoDirEntry>;
  cwd(): string;
}

function deno(): DenoFs {
  const d = (globalThis as { Deno?: DenoFs }).Deno;
  if (!d) throw new TypeError('DenoStorage needs the Deno runtime (globalThis.Deno is missing)');
  return d;
}

/** Deno raises `Deno.errors.NotFound` and friends; their `name` is stable. */
function isNamed(error: unknown, ...names: string[]): boolean {
  return error instanceof Error && names.includes(error.name);
}

function randomSuffix(): string {
  const b = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * Stores keys as files under a root folder with Deno's own file API (`Deno.readFile`, `Deno.writeFile`,
 * `Deno.rename`…), not its Node compatibility layer. A write goes to a temporary file in the target's
 * folder and is renamed over the target, so readers see the old file or the new one, never a part.
 */
export class DenoStorage implements StorageAdapter {
  /** Root folder (absolute, `/`-separated). */
  readonly root: string;
  /** Folders known to exist (saves a mkdir per file); cleared by delete(). */
  private readonly madeDirs = new Set<string>();
  private readonly options: DenoStorageOptions;

  /** @param root - the folder holding the keys; relative to `Deno.cwd()` unless absolute. */
  constructor(root: string, options: DenoStorageOptions = {}) {
    this.options = options;
    const absolute = root.startsWith('/') || /^[A-Za-z]:[\\/]/.test(root);
    const full = absolute ? root : `${deno().cwd()}/${root}`;
    this.root = full.replace(/[\\/]+$/, '') || '/';
  }

  private fullPath(key: string): string {
    return `${this.root}/${key}`;
  }

  async read(path: string): Promise<Uint8Array> {
    const key = checkKey(path);
    const file = this.fullPath(key);
    const d = deno();
    try {
      const small = readSmallSync(d, file);
      return small ?? (await d.readFile(file));
    } catch (error) {
      if (isNamed(error, 'NotFound', 'IsADirectory', 'NotADirectory')) {
        throw new NotFoundError(key, `no file ${file}`);
      }
      throw typedDiskError(error, `DenoStorage(${this.root})`, key, 0);
    }
  }

  async write(path: string, data: WriteData): Promise<void> {
    const key = checkKey(path);
    const d = deno();
    const target = this.fullPath(key);
    const folder = target.slice(0, target.lastIndexOf('/'));
    const temp = `${target}.${randomSuffix()}${TEMP_SUFFIX}`;
    const durable = this.options.durable === true;
    try {
      if (!this.madeDirs.has(folder)) {
        if (!this.options.followSymlinks) await refuseSymlinkedFolder(d, this.root, folder, key);
        await d.mkdir(folder, { recursive: true });
        this.madeDirs.add(folder);
      }
      try {
        await writeTemp(d, temp, data, folder, durable);
        await d.rename(temp, target);
        if (durable) await syncFolder(d, folder);
      } catch (error) {
        await d.remove(temp).catch(() => undefined);
        throw error;
      }
    } catch (error) {
      throw typedDiskError(error, `DenoStorage(${this.root})`, key, writeDataLength(data));
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
      await publishDiskTree(denoTreeFileSystem(), { folder, base: target.slice(cut + 1), key: p }, entries, options, {
        label: `DenoStorage(${this.root})`,
        lock: this.options,
        beforePublish: () =>
          this.options.followSymlinks ? undefined : refuseSymlinkedFolder(deno(), this.root, folder, p),
      });
    } finally {
      this.madeDirs.clear();
    }
  }

  /** Pins a load to one version of the tree under `prefix`, changing nothing. */
  async openTree(prefix: string): Promise<TreeSnapshot> {
    const p = validateStoragePath(prefix);
    try {
      return await openDiskTree(this, denoTreeFileSystem(), p, this.fullPath(p), this.options);
    } catch (error) {
      throw typedDiskError(error, `DenoStorage(${this.root})`, p, 0);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const p = validateStoragePath(prefix, true);
    const base = p === '' ? this.root : this.fullPath(p);
    let info: { readonly isFile: boolean };
    try {
      info = await deno().stat(base);
    } catch (error) {
      if (isNamed(error, 'NotFound', 'NotADirectory')) return [];
      throw error;
    }
    if (info.isFile) return [p];
    const keys: string[] = [];
    await walk(base, p, keys);
    return keys.sort();
  }

  async delete(prefix: string): Promise<void> {
    const p = validateStoragePath(prefix, true);
    const d = deno();
    this.madeDirs.clear();
    const targets: string[] = [];
    if (p === '') {
      try {
        for await (const e of d.readDir(this.root)) targets.push(`${this.root}/${e.name}`);
      } catch (error) {
        if (!isNamed(error, 'NotFound')) throw error;
      }
    } else {
      targets.push(this.fullPath(p));
    }
    for (const t of targets) {
      try {
        await d.remove(t, { recursive: true });
      } catch (error) {
        if (!isNamed(error, 'NotFound', 'NotADirectory')) throw error;
      }
    }
  }
}

function checkKey(path: string): string {
  const key = validateStoragePath(path);
  if (key.endsWith(TEMP_SUFFIX) || isPublisherName(key)) {
    throw new InvalidPathError(
      key,
      `keys ending in ${TEMP_SUFFIX}, or naming staging folders, are reserved by DenoStorage`,
    );
  }
  return key;
}

/** The whole file when it is at most SMALL_FILE_BYTES (read synchronously), else undefined. */
function readSmallSync(d: DenoFs, file: string): Uint8Array | undefined {
  const f = d.openSync(file, { read: true });
  try {
    const info = f.statSync();
    if (!info.isFile) throw Object.assign(new Error(`${file} is a folder`), { name: 'IsADirectory' });
    if (info.size > SMALL_FILE_BYTES) return undefined;
    const out = new Uint8Array(info.size);
    let got = 0;
    while (got < out.byteLength) {
      const n = f.readSync(out.subarray(got));
      if (n === null || n === 0) break;
      got += n;
    }
    return got === out.byteLength ? out : out.subarray(0, got);
  } finally {
    f.close();
  }
}

/** Writes `data` to a new file; one buffer in one call, several chunks through an open file. */
async function writeTemp(d: DenoFs, temp: string, data: WriteData, folder: string, durable = false): Promise<void> {
  const chunks = data instanceof Uint8Array ? [data] : data;
  const retry = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (error) {
      if (!isNamed(error, 'NotFound')) throw error;
      // The folder was removed behind this storage's back: make it again.
      await d.mkdir(folder, { recursive: true });
      return op();
    }
  };
  if (chunks.length === 1 && !durable) {
    await retry(() => d.writeFile(temp, chunks[0]));
    return;
  }
  const file = await retry(() => d.open(temp, { write: true, create: true, truncate: true }));
  try {
    for (const chunk of chunks) {
      let off = 0;
      while (off < chunk.byteLength) off += await file.write(chunk.subarray(off));
    }
    if (durable) await file.sync();
  } finally {
    file.close();
  }
}

async function walk(folder: string, keyPrefix: string, out: string[]): Promise<void> {
  for await (const e of deno().readDir(folder)) {
    const key = keyPrefix === '' ? e.name : `${keyPrefix}/${e.name}`;
    if (e.isDirectory && !isPublisherName(e.name)) await walk(`${folder}/${e.name}`, key, out);
    else if (e.isFile && !e.name.endsWith(TEMP_SUFFIX) && !isPublisherName(key)) out.push(key);
  }
}

/** fsyncs a folder; ignored where a folder cannot be opened or synced. */
async function syncFolder(d: DenoFs, folder: string): Promise<void> {
  let file: DenoFile;
  try {
    file = await d.open(folder, { read: true });
  } catch {
    return;
  }
  try {
    await file.sync();
  } catch {
    // folders cannot be synced here
  } finally {
    file.close();
  }
}

/** Refuses a write into `folder` when a folder between `root` and it is a symbolic link. */
async function refuseSymlinkedFolder(d: DenoFs, root: string, folder: string, key: string): Promise<void> {
  if (!folder.startsWith(`${root}/`)) return;
  let at = root;
  for (const part of folder.slice(root.length + 1).split('/')) {
    at = `${at}/${part}`;
    let link: boolean;
    try {
      link = (await d.lstat(at)).isSymlink;
    } catch {
      return;
    }
    if (link) {
      throw new InvalidPathError(key, `${at} is a symbolic link; writes do not follow links (option followSymlinks)`);
    }
  }
}

/** Every file under `folder`, relative, not following links; [] when it does not exist. */
async function listFilesUnder(d: DenoFs, folder: string, relative = ''): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of d.readDir(relative === '' ? folder : `${folder}/${relative}`)) {
      const rel = relative === '' ? e.name : `${relative}/${e.name}`;
      if (e.isDirectory) out.push(...(await listFilesUnder(d, folder, rel)));
      else if (e.isFile) out.push(rel);
    }
  } catch (error) {
    if (!isNamed(error, 'NotFound', 'NotADirectory')) throw error;
  }
  return out;
}

/** Deno's file API as the primitives of a tree publish and of the writer lock. */
function denoTreeFileSystem(): TreeFileSystem {
  const d = deno();
  const ignoreMissing = async (op: () => Promise<void>): Promise<void> => {
    try {
      await op();
    } catch (error) {
      if (!isNamed(error, 'NotFound')) throw error;
    }
  };
  return {
    writeNewFile: async (path, data, durable) => {
      const folder = path.slice(0, path.lastIndexOf('/'));
      await d.mkdir(folder, { recursive: true });
      await writeTemp(d, path, data, folder, durable);
    },
    makeDir: (path) => d.mkdir(path, { recursive: true }),
    renameIfExists: async (from, to) => {
      try {
        await d.rename(from, to);
        return true;
      } catch (error) {
        if (isNamed(error, 'NotFound')) return false;
        throw error;
      }
    },
    removeTree: (path) => ignoreMissing(() => d.remove(path, { recursive: true })),
    removeFile: (path) => ignoreMissing(() => d.remove(path)),
    exists: async (path) => {
      try {
        await d.stat(path);
        return true;
      } catch (error) {
        if (isNamed(error, 'NotFound', 'NotADirectory')) return false;
        throw error;
      }
    },
    listNames: async (folder) => {
      const names: string[] = [];
      try {
        for await (const e of d.readDir(folder)) names.push(e.name);
      } catch (error) {
        if (!isNamed(error, 'NotFound', 'NotADirectory')) throw error;
      }
      return names;
    },
    listTree: (folder) => listFilesUnder(d, folder),
    linkOrCopy: async (from, to, durable) => {
      try {
        await d.link(from, to);
      } catch {
        await d.copyFile(from, to);
      }
      if (durable) {
        const file = await d.open(to, { read: true });
        try {
          await file.sync();
        } finally {
          file.close();
        }
      }
    },
    syncFolder: (path) => syncFolder(d, path),
    isSymlink: async (path) => {
      try {
        return (await d.lstat(path)).isSymlink;
      } catch {
        return false;
      }
    },
    readFile: async (path) => {
      try {
        return await d.readFile(path);
      } catch (error) {
        if (isNamed(error, 'NotFound', 'NotADirectory', 'IsADirectory')) return undefined;
        throw error;
      }
    },
    createExclusive: async (path, data) => {
      let file: DenoFile;
      try {
        file = await d.open(path, { write: true, createNew: true });
      } catch (error) {
        if (isNamed(error, 'AlreadyExists')) return false;
        throw error;
      }
      try {
        let off = 0;
        while (off < data.byteLength) off += await file.write(data.subarray(off));
      } finally {
        file.close();
      }
      return true;
    },
    modifiedMs: async (path) => {
      try {
        return (await d.stat(path)).mtime?.getTime() ?? Date.now();
      } catch {
        return undefined;
      }
    },
    touch: async (path) => {
      const now = new Date();
      await d.utime(path, now, now).catch(() => undefined);
    },
  };
}
