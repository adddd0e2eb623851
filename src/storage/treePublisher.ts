import { InvalidPathError } from '../errors/index.ts';
import type { WriteData } from './StorageAdapter.ts';
import { isUnderPrefix, validateStoragePath } from './validateStoragePath.ts';

/** Marker in the folder name of a tree being staged. */
export const STAGING_MARK = '.ferry-staging-';
/** Marker in the folder name of the previous tree while a new one is published. */
export const RETIRED_MARK = '.ferry-retired-';

/**
 * The file-system primitives a crash-safe tree publish needs. Each disk adapter (node:fs, Deno, Bun)
 * supplies its own; paths are absolute and `/`-separated. Sync or async implementations both work.
 */
export interface TreeFileSystem {
  /** Writes a file nobody reads yet (creating its parent folders). */
  writeNewFile(path: string, data: WriteData): void | Promise<void>;
  /** Creates a folder and its parents. */
  makeDir(path: string): void | Promise<void>;
  /** Renames a file or folder; false when `from` does not exist. */
  renameIfExists(from: string, to: string): boolean | Promise<boolean>;
  /** Removes a folder and everything in it; a missing folder is not an error. */
  removeTree(path: string): void | Promise<void>;
  exists(path: string): boolean | Promise<boolean>;
  /** Names in a folder; [] when it does not exist. */
  listNames(folder: string): string[] | Promise<string[]>;
}

/** True for keys and names the publisher uses for its own folders (adapters hide and refuse them). */
export function isPublisherName(name: string): boolean {
  return name.includes(STAGING_MARK) || name.includes(RETIRED_MARK);
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

/**
 * Replaces the folder `folder/base` with a tree of `files` (paths relative to it) so that a process
 * killed at any point leaves the previous tree or the new one: the tree is written into a staging
 * folder beside it, the previous tree renamed away (retired), the staged one renamed into place, then
 * the retired one removed. A crash between the two renames leaves no tree in place;
 * {@link recoverTree} (which every load calls) moves the retired one back.
 */
export async function publishTree(
  fs: TreeFileSystem,
  folder: string,
  base: string,
  files: readonly TreeEntry[],
  tag: string,
): Promise<void> {
  await recoverTree(fs, folder, base, true);
  const target = `${folder}/${base}`;
  const staging = `${folder}/.${base}${STAGING_MARK}${tag}`;
  const retired = `${folder}/.${base}${RETIRED_MARK}${tag}`;
  try {
    await fs.makeDir(staging);
    for (const [, relative, data] of files) await fs.writeNewFile(`${staging}/${relative}`, data);
  } catch (error) {
    await fs.removeTree(staging);
    throw error;
  }
  const hadPrevious = await fs.renameIfExists(target, retired);
  await fs.renameIfExists(staging, target);
  if (hadPrevious) await fs.removeTree(retired);
}

/**
 * Rolls back a publish that a crash interrupted between its two renames (no tree at `folder/base`, a
 * retired one beside it). With `cleanup` (writers only: a loader must not remove the staging folder of
 * a save in progress elsewhere) it also removes leftover staging and retired folders.
 */
export async function recoverTree(fs: TreeFileSystem, folder: string, base: string, cleanup: boolean): Promise<void> {
  const names = await fs.listNames(folder);
  const retired = names.filter((n) => n.startsWith(`.${base}${RETIRED_MARK}`));
  const staged = names.filter((n) => n.startsWith(`.${base}${STAGING_MARK}`));
  if (retired.length === 0 && staged.length === 0) return;
  const target = `${folder}/${base}`;
  if (retired.length > 0 && !(await fs.exists(target))) {
    await fs.renameIfExists(`${folder}/${retired[0]}`, target);
    retired.shift();
  }
  if (!cleanup) return;
  for (const n of [...retired, ...staged]) await fs.removeTree(`${folder}/${n}`);
}
