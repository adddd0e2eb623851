import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { FileSystemStorage } from '../../adapters/fs.ts';
import { PackStorage } from '../../adapters/pack.ts';
import { PACK_MAGIC } from '../pack/packFormat.ts';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';
import { CliNoDumpError, CliNoSuchPathError } from './cliErrors.ts';

/** A dump found from a command-line path: its storage, the name of its root step, and the path to show. */
export interface OpenedDump {
  readonly storage: StorageAdapter;
  readonly name: string;
  readonly kind: 'pack' | 'folder';
  /** The dump as a path the user can pass back (`<root>/<name>` or the pack file). */
  readonly path: string;
}

/** The dumps a command-line path names; `fromRoot` when the path was a storage root. */
export interface OpenedDumps {
  readonly dumps: readonly OpenedDump[];
  readonly fromRoot: boolean;
}

/** True when `folder` is a dump folder: it holds `<its name>.ferry`. */
function isDumpFolder(folder: string): boolean {
  return existsSync(join(folder, `${basename(folder)}.ferry`));
}

/**
 * The dumps a command-line path names, in name order:
 * - a pack file: its one dump;
 * - a step file (`<root>/<name>/<name>.ferry`) or a dump folder (`<root>/<name>`): that dump;
 * - a storage root (the folder given to `ExecutionContext`): every dump folder directly in it.
 * @throws CliNoSuchPathError when `path` does not exist; CliNoDumpError when a folder holds no dump.
 */
export async function openDumpPaths(path: string): Promise<OpenedDumps> {
  const full = resolve(path);
  let info: ReturnType<typeof statSync>;
  try {
    info = statSync(full);
  } catch {
    throw new CliNoSuchPathError(path);
  }
  if (info.isFile()) {
    const bytes = new Uint8Array(readFileSync(full));
    if (PACK_MAGIC.every((b, i) => bytes[i] === b)) {
      const storage = new PackStorage(bytes, path);
      return { dumps: [{ storage, name: await storage.root(), kind: 'pack', path }], fromRoot: false };
    }
    const folder = dirname(full);
    return { dumps: [folderDump(folder, dirname(path))], fromRoot: false };
  }
  if (isDumpFolder(full)) return { dumps: [folderDump(full, path)], fromRoot: false };
  const dumps = readdirSync(full, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && isDumpFolder(join(full, e.name)))
    .map((e) => e.name)
    .sort();
  if (dumps.length === 0) throw new CliNoDumpError(path);
  return { dumps: dumps.map((name) => folderDump(join(full, name), join(path, name))), fromRoot: true };
}

function folderDump(folder: string, shown: string): OpenedDump {
  return { storage: new FileSystemStorage(dirname(folder)), name: basename(folder), kind: 'folder', path: shown };
}
