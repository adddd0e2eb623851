import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { NotFoundError } from '../src/errors/index.ts';
import type { StorageAdapter, WriteData } from '../src/storage/StorageAdapter.ts';
import { validateStoragePath } from '../src/storage/validateStoragePath.ts';

/**
 * Stores keys as files under a root folder with `node:fs` (Node, and Bun/Deno through their
 * Node compatibility). Writes go to a temporary file in the same folder and are renamed into
 * place, so a reader sees the old file or the new one, never half of one.
 */
export class FileSystemStorage implements StorageAdapter {
  /** Absolute root folder. */
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private fullPath(key: string): string {
    return join(this.root, ...key.split('/'));
  }

  async read(path: string): Promise<Uint8Array> {
    const key = validateStoragePath(path);
    try {
      const buf = await readFile(this.fullPath(key));
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (error) {
      if (isCode(error, 'ENOENT') || isCode(error, 'EISDIR') || isCode(error, 'ENOTDIR')) {
        throw new NotFoundError(key, `no file ${this.fullPath(key)}`);
      }
      throw error;
    }
  }

  async write(path: string, data: WriteData): Promise<void> {
    const key = validateStoragePath(path);
    const target = this.fullPath(key);
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const chunks = data instanceof Uint8Array ? [data] : data;
    const handle = await open(temp, 'w');
    try {
      // writev writes every chunk without joining them first; it may write less than asked.
      let pending = chunks.filter((c) => c.byteLength > 0);
      while (pending.length > 0) {
        const { bytesWritten } = await handle.writev(pending.slice(0, 1024));
        pending = advance(pending, bytesWritten);
      }
      await handle.close();
      await rename(temp, target);
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
      if (!e.isFile() || e.name.endsWith('.tmp')) continue;
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
    if (p === '') {
      for (const name of await readdir(this.root).catch(() => [] as string[])) {
        await rm(join(this.root, name), { recursive: true, force: true });
      }
      return;
    }
    await rm(this.fullPath(p), { recursive: true, force: true });
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

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
