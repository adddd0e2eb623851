import { FerryError } from './FerryError.ts';

/**
 * A decoded step or object breaks its class's field schema: a required field is missing, a field has the wrong
 * kind, dtype or shape, a rule across fields fails, or a field is unknown or would hide a method. Names the file,
 * the step path, the field, and what was expected and found.
 */
export class InvalidDumpFieldError extends FerryError {
  static readonly code = 'FERRY_INVALID_DUMP_FIELD';
  constructor(
    readonly file: string,
    /** The step path (`pipeline/child`) and, for nested objects, the object's class id. */
    readonly where: string,
    /** The field, as a path (`hyperparams.values.C`, `coef`). */
    readonly field: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(
      InvalidDumpFieldError.code,
      `Invalid dump field in ${file} (${where}), field "${field}": expected ${expected}, found ${found}`,
    );
  }
}
