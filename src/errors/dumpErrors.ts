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

/**
 * A value reached the header encoder that the format cannot hold (a function, a class instance that is not a ref, a
 * bigint past 64 bits) or nests deeper than the decoder would ever read. The field encoder names the step and field
 * first (`UnserializableFieldError`); this is the encoder's own guard for everything else that writes headers.
 */
export class UnencodableValueError extends FerryError {
  static readonly code = 'FERRY_UNENCODABLE_VALUE';
  constructor(readonly what: string) {
    super(UnencodableValueError.code, `Cannot encode ${what} in a Ferry header`);
  }
}
