import { InvalidPathError } from '../errors/index.ts';

/**
 * Checks a storage key and returns it normalised (no leading `./`, no trailing `/`).
 * Rejects NUL, backslashes, absolute paths, `..` and `.` segments and empty segments.
 * `allowEmpty` admits `''` (the root) for `list`/`delete` prefixes.
 */
export function validateStoragePath(path: string, allowEmpty = false): string {
  if (typeof path !== 'string') throw new InvalidPathError(String(path), 'not a string');
  if (path.includes('\0')) throw new InvalidPathError(path, 'contains NUL');
  if (path.includes('\\')) throw new InvalidPathError(path, 'contains a backslash; use "/"');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path))
    throw new InvalidPathError(path, 'absolute paths are not allowed');
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  if (trimmed === '') {
    if (allowEmpty) return '';
    throw new InvalidPathError(path, 'empty path');
  }
  for (const segment of trimmed.split('/')) {
    if (segment === '..') throw new InvalidPathError(path, '".." segments are not allowed');
    if (segment === '.') throw new InvalidPathError(path, '"." segments are not allowed');
    if (segment === '') throw new InvalidPathError(path, 'empty path segment');
  }
  return trimmed;
}

/** Joins key segments with `/`, skipping empty ones. */
export function joinStoragePath(...segments: string[]): string {
  return segments.filter((s) => s !== '').join('/');
}

/** True when `key` is `prefix` itself or lies under `prefix/` (every key when prefix is `''`). */
export function isUnderPrefix(key: string, prefix: string): boolean {
  return prefix === '' || key === prefix || key.startsWith(`${prefix}/`);
}
