/**
 * Base class of every error Ferry throws. Each subclass has a stable `code`
 * string; {@link isFerryError} recognises Ferry errors across realms (workers,
 * iframes, vm contexts) where `instanceof` fails.
 */
export class FerryError extends Error {
  /** Stable machine-readable code, e.g. `FERRY_UNKNOWN_CLASS`. */
  readonly code: string;
  /** Marker used by the cross-realm guards. */
  readonly isFerryError = true as const;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** True when `value` is a Ferry error, from this realm or another. */
export function isFerryError(value: unknown): value is FerryError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { isFerryError?: unknown }).isFerryError === true &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

/** True when `value` is a Ferry error with the given code (works across realms). */
export function hasErrorCode(value: unknown, code: string): value is FerryError {
  return isFerryError(value) && value.code === code;
}
