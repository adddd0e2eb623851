import { InvalidPathError, isFerryError } from '../errors/index.ts';
import { ConcurrentSaveError } from '../errors/storageErrors.ts';
import type { TreeWriteOptions, WriteData } from './StorageAdapter.ts';
import {
  acquireTreeLock,
  DEFAULT_LOCK_STALE_MS,
  LOCK_MARK,
  type LockFileSystem,
  lockOwner,
  type TreeLockOptions,
} from './treeLock.ts';
import { isUnderPrefix, validateStoragePath } from './validateStoragePath.ts';

/** Marker in the folder name of a tree being staged. */
export const STAGING_MARK = '.ferry-staging-';
/** Marker in the folder name of the previous tree while a new one is published. */
export const RETIRED_MARK = '.ferry-retired-';
/** Marker ending the name of a file written in place by a `crashSafe: false` save before its rename. */
export const IN_PLACE_TEMP_MARK = '.ferry-tmp';
/**
 * The generation file inside a published tree: ASCII `<24 hex digits>\n` for a complete tree, or
 * `busy <24 hex digits>\n` while a `crashSafe: false` save renames files in place. Loads read it before
 * and after reading the tree and start again when it changed (docs/storage.md).
 */
export const GENERATION_FILE = '.ferry-generation';
const BUSY = 'busy ';

/**
 * The file-system primitives of a tree publish and of a pinned read. Each disk adapter (node:fs, Deno,
 * Bun) supplies its own; paths are absolute and `/`-separated. Sync or async implementations both work.
 */
export interface TreeFileSystem extends LockFileSystem {
  /** Writes a file nobody reads yet (creating its parent folders); with `durable`, fsyncs it before returning. */
  writeNewFile(path: string, data: WriteData, durable: boolean): void | Promise<void>;
  /** Creates a folder and its parents. */
  makeDir(path: string): void | Promise<void>;
  /** Renames a file or folder (replacing a file at `to`); false when `from` does not exist. */
  renameIfExists(from: string, to: string): boolean | Promise<boolean>;
  /** Removes a folder and everything in it; a missing folder is not an error. */
  removeTree(path: string): void | Promise<void>;
  exists(path: string): boolean | Promise<boolean>;
  /** Names in a folder; [] when it does not exist. */
  listNames(folder: string): string[] | Promise<string[]>;
  /** Every file under `folder`, as `/`-separated paths relative to it; [] when it does not exist. */
  listTree(folder: string): string[] | Promise<string[]>;
  /**
   * Makes `to` hold the bytes of `from` (a hard link where the file system allows one, else a copy);
   * with `durable`, fsyncs it (an earlier, non-durable save may have left its data unflushed).
   */
  linkOrCopy(from: string, to: string, durable: boolean): void | Promise<void>;
  /** fsyncs a folder so that the renames in it survive a power loss (a no-op where folders cannot be synced). */
  syncFolder(path: string): void | Promise<void>;
  /** True when `path` exists and is a symbolic link. */
  isSymlink(path: string): boolean | Promise<boolean>;
}

/** True for keys and names the publisher uses for its own files and folders (adapters hide and refuse them). */
export function isPublisherName(name: string): boolean {
  return (
    name.includes(STAGING_MARK) ||
    name.includes(RETIRED_MARK) ||
    name.includes(LOCK_MARK) ||
    name === GENERATION_FILE ||
    name.endsWith(`/${GENERATION_FILE}`)
  );
}

/** One file of a tree: its storage key, its path relative to the tree, its bytes. */
export type TreeEntry = readonly [key: string, relative: string, data: WriteData];

/**
 * The checks every adapter's `writeTree` makes: `prefix` and each key are valid (`checkKey` adds an
 * adapter's own reservations) and each key lies strictly under `prefix`. Returns the checked prefix
 * and the entries; nothing is written when a key is refused.
 */
export function treeEntries(
  prefix: string,
  files: ReadonlyMap<string, WriteData>,
  checkKey: (key: string) => string = (key) => validateStoragePath(key),
): { prefix: string; entries: TreeEntry[] } {
  const p = validateStoragePath(prefix);
  const entries: TreeEntry[] = [];
  for (const [key, data] of files) {
    const k = checkKey(key);
    if (!isUnderPrefix(k, p) || k === p) throw new InvalidPathError(key, `not under the tree "${p}" being written`);
    entries.push([k, k.slice(p.length + 1), data]);
  }
  return { prefix: p, entries };
}

/** Where a tree lives: the folder holding it, its name, its storage key. */
export interface TreePlace {
  readonly folder: string;
  readonly base: string;
  readonly key: string;
}

function newGeneration(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
}

const ascii = new TextEncoder();

/**
 * Publishes a tree of `files` at `folder/base` under the dump's writer lock (`.<base>.ferry-lock`
 * beside it), after cleaning up what an interrupted save left (never done by a load).
 *
 * - Default: the files (plus, in `update` mode, hard links to the current tree's other files) and a new
 *   generation file are written into a staging folder; the current tree is renamed away (retired), the
 *   staged one renamed into place, the retired one removed. A crash leaves the old tree or the new one
 *   (between the two renames the retired one, which loads read and the next save moves back).
 * - `inPlace` (`crashSafe: false`): every file is first written to a temporary file beside its target
 *   (so a full disk changes nothing), the generation file marked busy, the files renamed over their
 *   targets, then a new generation written. A crash while renaming leaves the busy mark: loads then
 *   refuse the mixture with a typed error until the next save.
 * - `durable`: every file is fsynced before its rename, and the folders after.
 */
export async function publishTree(
  fs: TreeFileSystem,
  place: TreePlace,
  files: readonly TreeEntry[],
  options: TreeWriteOptions & TreeLockOptions,
): Promise<void> {
  const { folder, base, key } = place;
  await fs.makeDir(folder);
  const lock = await acquireTreeLock(fs, `${folder}/.${base}${LOCK_MARK}`, key, options);
  const lost = (): ConcurrentSaveError =>
    new ConcurrentSaveError(
      key,
      "another writer broke this save's lock as abandoned (this save stalled past lockStaleMs) and cleaned up " +
        'after it; this save was not published',
    );
  const fence: Fence = {
    refresh: () => lock.refresh(),
    confirmHeld: async () => {
      if (!(await lock.stillHeld())) throw lost();
    },
    lost,
    explain: async (error) => {
      if (isFerryError(error)) return error;
      return (await lock.stillHeld().catch(() => true)) ? error : lost();
    },
  };
  try {
    await recoverTree(fs, folder, base);
    const tag = newGeneration();
    const publish = options.inPlace ? publishInPlace : publishBySwap;
    await publish(fs, place, files, options, tag, fence);
  } finally {
    await lock.release();
  }
}

/**
 * What a publish checks its lock with. Another writer may break the lock of a writer that stalled past
 * `lockStaleMs` and, under it, move that writer's staging folder or temporary files away: the stalled
 * writer then finds them gone and reports a `ConcurrentSaveError` instead of publishing, or of failing
 * with the file system's own error.
 */
interface Fence {
  /** Refreshes the lock file's time (when a quarter of the stale period has passed). */
  refresh(): Promise<void>;
  /** Throws a `ConcurrentSaveError` when the lock is no longer this writer's. */
  confirmHeld(): Promise<void>;
  /** The error of a save whose files another writer moved away. */
  lost(): ConcurrentSaveError;
  /** `error`, or a `ConcurrentSaveError` when the lock is no longer this writer's (its cause). */
  explain(error: unknown): Promise<unknown>;
}

/** Runs a clean-up whose failure must not hide the error being reported (what it leaves, the next save removes). */
async function quietly(step: () => unknown): Promise<void> {
  try {
    await step();
  } catch {
    // left for the next save's recoverTree
  }
}

async function publishBySwap(
  fs: TreeFileSystem,
  { folder, base }: TreePlace,
  files: readonly TreeEntry[],
  options: TreeWriteOptions,
  tag: string,
  fence: Fence,
): Promise<void> {
  const durable = options.durable === true;
  const target = `${folder}/${base}`;
  const staging = `${folder}/.${base}${STAGING_MARK}${tag.slice(0, 12)}`;
  const retired = `${folder}/.${base}${RETIRED_MARK}${tag.slice(0, 12)}`;
  try {
    await fs.makeDir(staging);
    const written = new Set<string>();
    for (const [, relative, data] of files) {
      await fs.writeNewFile(`${staging}/${relative}`, data, durable);
      written.add(relative);
      await fence.refresh();
    }
    if (options.mode === 'update') {
      for (const relative of await fs.listTree(target)) {
        if (written.has(relative) || isPublisherName(relative) || relative.endsWith(IN_PLACE_TEMP_MARK)) continue;
        const to = `${staging}/${relative}`;
        await fs.makeDir(to.slice(0, to.lastIndexOf('/')));
        await fs.linkOrCopy(`${target}/${relative}`, to, durable);
      }
    }
    await fs.writeNewFile(`${staging}/${GENERATION_FILE}`, ascii.encode(`${tag}\n`), durable);
    if (durable) for (const f of foldersOf(staging, await fs.listTree(staging))) await fs.syncFolder(f);
    await fence.confirmHeld();
  } catch (error) {
    await quietly(() => fs.removeTree(staging));
    throw await fence.explain(error);
  }
  const hadPrevious = await fs.renameIfExists(target, retired);
  // Put the previous tree back when this one cannot take its place (a writer that took the lock may have
  // published meanwhile: then the rename fails and the retired copy is left for its clean-up).
  const rollBack = (): Promise<void> => quietly(() => hadPrevious && fs.renameIfExists(retired, target));
  let published: boolean;
  try {
    published = await fs.renameIfExists(staging, target);
  } catch (error) {
    // A tree in place now is another writer's (this one moved the previous away): it took the lock.
    const taken = await Promise.resolve(fs.exists(target)).catch(() => false);
    await rollBack();
    await quietly(() => fs.removeTree(staging));
    throw taken ? fence.lost() : await fence.explain(error);
  }
  if (!published) {
    // The staging folder is gone: a writer that broke this save's lock moved it away.
    await rollBack();
    throw fence.lost();
  }
  if (durable) await fs.syncFolder(folder);
  if (hadPrevious) await quietly(() => fs.removeTree(retired));
}

async function publishInPlace(
  fs: TreeFileSystem,
  { folder, base }: TreePlace,
  files: readonly TreeEntry[],
  options: TreeWriteOptions,
  tag: string,
  fence: Fence,
): Promise<void> {
  const durable = options.durable === true;
  const target = `${folder}/${base}`;
  const temps: [string, string][] = [];
  const marker = `${target}/${GENERATION_FILE}`;
  const writeMarker = async (content: string): Promise<void> => {
    const temp = `${marker}.${tag.slice(0, 12)}${IN_PLACE_TEMP_MARK}`;
    await fs.writeNewFile(temp, ascii.encode(content), durable);
    if (!(await fs.renameIfExists(temp, marker))) throw fence.lost();
  };
  try {
    for (const [, relative, data] of files) {
      const final = `${target}/${relative}`;
      const temp = `${final}.${tag.slice(0, 12)}${IN_PLACE_TEMP_MARK}`;
      temps.push([temp, final]);
      await fs.writeNewFile(temp, data, durable);
      await fence.refresh();
    }
    await fence.confirmHeld();
    await writeMarker(`${BUSY}${tag}\n`);
  } catch (error) {
    for (const [temp] of temps) await quietly(() => fs.removeFile(temp));
    throw await fence.explain(error);
  }
  try {
    // A temporary file gone means a writer that broke this save's lock removed it: the busy mark stays,
    // so loads refuse the mixture with a typed error until the next save.
    for (const [temp, final] of temps) if (!(await fs.renameIfExists(temp, final))) throw fence.lost();
    await writeMarker(`${tag}\n`);
  } catch (error) {
    throw await fence.explain(error);
  }
  if (durable)
    for (const f of foldersOf(
      target,
      files.map(([, r]) => r),
    ))
      await fs.syncFolder(f);
}

/** `root` and every folder holding one of `relatives`. */
function foldersOf(root: string, relatives: readonly string[]): string[] {
  const out = new Set<string>([root]);
  for (const r of relatives) {
    const parts = r.split('/');
    for (let i = 1; i < parts.length; i++) out.add(`${root}/${parts.slice(0, i).join('/')}`);
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * Writers only, under the lock: rolls back a publish that a crash interrupted between its two renames
 * (no tree at `folder/base`, a retired one beside it) and removes leftover staging and retired folders
 * and temporary files of an interrupted in-place save.
 */
export async function recoverTree(fs: TreeFileSystem, folder: string, base: string): Promise<void> {
  const names = await fs.listNames(folder);
  const retired = names.filter((n) => n.startsWith(`.${base}${RETIRED_MARK}`));
  const staged = names.filter((n) => n.startsWith(`.${base}${STAGING_MARK}`));
  const target = `${folder}/${base}`;
  if (retired.length > 0 && !(await fs.exists(target))) {
    try {
      await fs.renameIfExists(`${folder}/${retired[0]}`, target);
      retired.shift();
    } catch (error) {
      // A writer whose lock this one broke published meanwhile: its tree stays, the retired copy goes.
      if (!(await fs.exists(target))) throw error;
    }
  }
  for (const n of [...retired, ...staged]) await discardFolder(fs, folder, base, n);
  for (const stray of (await fs.listTree(target)).filter((r) => r.endsWith(IN_PLACE_TEMP_MARK))) {
    await fs.removeFile(`${target}/${stray}`);
  }
}

/**
 * Removes a leftover folder by first renaming it to a name of its own (still a staging name, so a later
 * save removes it if this one cannot). The lock makes its writer gone, but a writer whose lock was broken
 * while it stalled may still be writing into it or renaming it into place: renamed away, its further
 * writes go elsewhere and its publish finds no staging folder (`ConcurrentSaveError`), and a recursive
 * remove never empties a folder that was published meanwhile (it lists by handle, not by name).
 */
async function discardFolder(fs: TreeFileSystem, folder: string, base: string, name: string): Promise<void> {
  const trash = `${folder}/.${base}${STAGING_MARK}${newGeneration().slice(0, 12)}`;
  if (!(await fs.renameIfExists(`${folder}/${name}`, trash))) return;
  try {
    await fs.removeTree(trash);
  } catch {
    // A write of that stalled writer landed in it while it was removed: the next save removes it.
  }
}

/** What a load sees of one tree: the folder to read from, its generation, whether a save is mid-way. */
export interface TreeState {
  /** The folder holding the complete tree: `folder/base`, or a retired one after a crash between renames. */
  readonly dir: string;
  /** The generation file's id; undefined for trees without one (format-v1 dumps, older Ferry versions). */
  readonly generation: string | undefined;
  /** `writing`: an in-place save is renaming files now; `interrupted`: one died half-way; else `complete`. */
  readonly state: 'complete' | 'writing' | 'interrupted';
}

const unascii = new TextDecoder();

/**
 * Reads, without changing anything, where the tree `folder/base` is and which generation it holds.
 * After a crash between a publish's two renames the tree is missing and the retired one (the previous
 * complete version) is read instead.
 */
export async function readTreeState(
  fs: TreeFileSystem,
  folder: string,
  base: string,
  options: TreeLockOptions = {},
): Promise<TreeState> {
  const target = `${folder}/${base}`;
  let dir = target;
  // The common case costs one read: the generation file of the tree in place.
  let bytes = await fs.readFile(`${target}/${GENERATION_FILE}`);
  if (bytes === undefined && !(await fs.exists(target))) {
    const retired = (await fs.listNames(folder)).find((n) => n.startsWith(`.${base}${RETIRED_MARK}`));
    if (retired) {
      dir = `${folder}/${retired}`;
      bytes = await fs.readFile(`${dir}/${GENERATION_FILE}`);
    }
  }
  if (bytes === undefined) return { dir, generation: undefined, state: 'complete' };
  const line = unascii.decode(bytes).trim();
  if (!line.startsWith(BUSY)) return { dir, generation: line, state: 'complete' };
  const lockPath = `${folder}/.${base}${LOCK_MARK}`;
  const lockModified = await fs.modifiedMs(lockPath);
  const staleMs = options.lockStaleMs ?? DEFAULT_LOCK_STALE_MS;
  let live = lockModified !== undefined && Date.now() - lockModified <= staleMs;
  if (live) {
    const owner = lockOwner(await fs.readFile(lockPath));
    if (owner !== undefined && fs.ownerAlive?.(owner) === false) live = false;
  }
  return { dir, generation: line, state: live ? 'writing' : 'interrupted' };
}
