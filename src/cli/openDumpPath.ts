import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { FileSystemStorage } from '../../adapters/fs.ts';
import { PackStorage } from '../../adapters/pack.ts';
import { FerryError } from '../errors/index.ts';
import { PACK_MAGIC } from '../pack/packFormat.ts';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';

/** A dump found from a command-line path: its storage and the name of its root step. */
export interface OpenedDump {
  readonly storage: StorageAdapter;
  readonly name: string;
  readonly kind: 'pack' | 'folder';
}

/**
 * Accepts a pack file, a dump folder (`<root>/<name>`, holding `<name>.ferry`) or a step file
 * (`<root>/<name>/<name>.ferry`).
 */
export async function openDumpPath(path: string): Promise<OpenedDump> {
  const full = resolve(path);
  let info: ReturnType<typeof statSync>;
  try {
    info = statSync(full);
  } catch {
    throw new FerryError('FERRY_CLI_NO_SUCH_PATH', `No such file or folder: ${path}`);
  }
  if (info.isFile()) {
    const bytes = new Uint8Array(readFileSync(full));
    if (PACK_MAGIC.every((b, i) => bytes[i] === b)) {
      const storage = new PackStorage(bytes, path);
      return { storage, name: await storage.root(), kind: 'pack' };
    }
    const folder = dirname(full);
    return { storage: new FileSystemStorage(dirname(folder)), name: basename(folder), kind: 'folder' };
  }
  return { storage: new FileSystemStorage(dirname(full)), name: basename(full), kind: 'folder' };
}
