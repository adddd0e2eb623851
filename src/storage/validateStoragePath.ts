import { InvalidPathError } from '../errors/index.ts';

/**
 * Longest key segment (a folder or file name), in UTF-8 bytes. File systems allow 255 bytes per name;
 * disk adapters add up to 29 bytes to a name for their staging, retired and temporary names (35 to
 * a lock name), so 206 leaves room: every segment that can be saved can be loaded, in every adapter.
 */
export const MAX_SEGMENT_BYTES = 206;
/** Longest step name, in UTF-8 bytes: its file `<name>.ferry` is one segment of at most {@link MAX_SEGMENT_BYTES}. */
export const MAX_STEP_NAME_BYTES = MAX_SEGMENT_BYTES - 6;
/** Longest key, in UTF-8 bytes (a disk adapter also checks its root plus the key against the OS limit). */
export const MAX_KEY_BYTES = 2048;

const utf8 = new TextEncoder();

/**
 * Checks a storage key and returns it normalised (no leading `./`, no trailing `/`).
 * Rejects NUL, backslashes, absolute paths, `..` and `.` segments, empty segments, segments longer
 * than {@link MAX_SEGMENT_BYTES} and keys longer than {@link MAX_KEY_BYTES}.
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
    if (segment.length * 3 > MAX_SEGMENT_BYTES && utf8.encode(segment).byteLength > MAX_SEGMENT_BYTES) {
      throw new InvalidPathError(
        path,
        `the segment "${segment.slice(0, 40)}…" is ${utf8.encode(segment).byteLength} bytes long; at most ${MAX_SEGMENT_BYTES} are allowed`,
      );
    }
  }
  if (trimmed.length * 3 > MAX_KEY_BYTES && utf8.encode(trimmed).byteLength > MAX_KEY_BYTES) {
    throw new InvalidPathError(path, `the key is longer than ${MAX_KEY_BYTES} bytes`);
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

/**
 * Checks a step name: one key segment (no `/`, so no trailing separator either), not `.` or `..`, at
 * most {@link MAX_STEP_NAME_BYTES} bytes, and not one of the names disk adapters reserve. Saves check
 * every name before anything is written, so a name that saves always loads.
 */
export function validateStepName(name: string): string {
  if (typeof name !== 'string') throw new InvalidPathError(String(name), 'a step name must be a string');
  if (name.includes('/')) throw new InvalidPathError(name, 'a step name is one path segment: it cannot contain "/"');
  const checked = validateStoragePath(name);
  const bytes = utf8.encode(checked).byteLength;
  if (bytes > MAX_STEP_NAME_BYTES) {
    throw new InvalidPathError(name, `a step name is ${bytes} bytes long; at most ${MAX_STEP_NAME_BYTES} are allowed`);
  }
  if (checked.includes('.ferry-')) {
    throw new InvalidPathError(name, 'names containing ".ferry-" are reserved for the storage adapters');
  }
  return checked;
}
