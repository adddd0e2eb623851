/**
 * A tiny assertion kit for the runtime-neutral conformance cases (no node:assert, so the cases run
 * unchanged in Node, Deno, Bun and Chromium). Every helper throws a `CheckError` with a clear message.
 */

/** A failed check. */
export class CheckError extends Error {
  override name = 'CheckError';
}

/** Fails unless `value` is truthy. */
export function ok(value: unknown, message: string): asserts value {
  if (!value) throw new CheckError(message);
}

/** Fails unless `actual === expected`. */
export function equal<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) throw new CheckError(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}

/** Fails unless the two string lists are equal, element by element. */
export function sameList(actual: readonly string[], expected: readonly string[], what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new CheckError(`${what}: expected ${e}, got ${a}`);
}

/** Fails unless the bytes are equal (and `actual` is a Uint8Array). */
export function sameBytes(actual: unknown, expected: Uint8Array, what: string): void {
  ok(actual instanceof Uint8Array, `${what}: expected a Uint8Array, got ${Object.prototype.toString.call(actual)}`);
  equal(actual.byteLength, expected.byteLength, `${what}: length`);
  for (let i = 0; i < expected.byteLength; i++) {
    if (actual[i] !== expected[i]) throw new CheckError(`${what}: byte ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

/** Fails unless `promise` rejects with an error whose `code` is `code` (Ferry errors, across realms). */
export async function rejectsWithCode(promise: Promise<unknown>, code: string, what: string): Promise<void> {
  let result: unknown;
  try {
    result = await promise;
  } catch (error) {
    const got = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    if (got !== code) throw new CheckError(`${what}: expected an error with code ${code}, got ${String(error)}`);
    return;
  }
  throw new CheckError(`${what}: expected a rejection with code ${code}, but it resolved to ${String(result)}`);
}
