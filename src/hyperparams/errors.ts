import { FerryError, InvalidHyperparameterError } from '../errors/index.ts';

/** Error code thrown when a statistic (mean, min…) does not exist for a distribution. */
export const UNDEFINED_STATISTIC_CODE = 'FERRY_UNDEFINED_STATISTIC';

/** Invalid constructor argument `arg` of distribution/container `owner`. */
export function invalidArgument(owner: string, arg: string, detail: string): InvalidHyperparameterError {
  return new InvalidHyperparameterError(owner, arg, detail);
}

/** A statistic that is not defined for this distribution. */
export function undefinedStatistic(owner: string, statistic: string, detail: string): FerryError {
  return new FerryError(UNDEFINED_STATISTIC_CODE, `${owner}.${statistic}() is undefined: ${detail}`);
}

/** Throws unless `value` is a finite number. */
export function requireFinite(owner: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalidArgument(owner, arg, `must be a finite number, got ${String(value)}`);
  }
  return value;
}
