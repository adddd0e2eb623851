import { InvalidPathError } from '../errors/index.ts';
import { StorageQuotaError } from '../errors/storageErrors.ts';

/** Linux errno values, for runtimes (Deno) whose errors only carry them in the message as `(os error N)`. */
const OS_ERRNO: Readonly<Record<number, string>> = { 28: 'ENOSPC', 36: 'ENAMETOOLONG', 40: 'ELOOP', 122: 'EDQUOT' };

/** The POSIX code of a file-system error (`ENOSPC`…), from `error.code` or Deno's `(os error N)`. */
export function diskErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') return code;
  const message = (error as { message?: unknown }).message;
  const m = typeof message === 'string' ? /\(os error (\d+)\)/.exec(message) : null;
  return m ? OS_ERRNO[Number(m[1])] : undefined;
}

/** True for a full disk or an exhausted quota. */
export function isQuotaError(error: unknown): boolean {
  const code = diskErrorCode(error);
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/**
 * The typed error for a file-system failure: a full disk or quota is a {@link StorageQuotaError}, a name
 * too long for the OS or a symlink loop an {@link InvalidPathError}; other errors are returned unchanged.
 * A Ferry error passes through.
 */
export function typedDiskError(error: unknown, storage: string, key: string, bytes: number): unknown {
  const code = diskErrorCode(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new StorageQuotaError(storage, key, bytes, { cause: error });
  if (code === 'ENAMETOOLONG') {
    return new InvalidPathError(key, 'the full path is too long for the file system (ENAMETOOLONG)');
  }
  if (code === 'ELOOP') return new InvalidPathError(key, 'the path runs into a symlink loop (ELOOP)');
  return error;
}
