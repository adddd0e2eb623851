import { FerryError } from './FerryError.ts';

/** An array's dtype cannot be stored or handed back the way it was asked for. */
export class UnsupportedDtypeError extends FerryError {
  static readonly code = 'FERRY_UNSUPPORTED_DTYPE';
  constructor(
    readonly where: string,
    readonly dtype: string,
    detail: string,
  ) {
    super(UnsupportedDtypeError.code, `${where}: dtype "${dtype}" ${detail}`);
  }
}

/** A model weight has no value in a parameters file; lists what the file holds. */
export class MissingParameterError extends FerryError {
  static readonly code = 'FERRY_MISSING_PARAMETER';
  constructor(
    readonly file: string,
    readonly missing: readonly string[],
    readonly available: readonly string[],
  ) {
    super(
      MissingParameterError.code,
      `${file} has no value for the model weight(s) ${missing.join(', ')}. ` +
        `The file holds: ${available.join(', ') || '(nothing)'}. Pass {allowMissing: true} to keep their current values.`,
    );
  }
}

/** A parameters file holds names the model does not have. */
export class ExtraParameterError extends FerryError {
  static readonly code = 'FERRY_EXTRA_PARAMETER';
  constructor(
    readonly file: string,
    readonly extra: readonly string[],
    readonly expected: readonly string[],
  ) {
    super(
      ExtraParameterError.code,
      `${file} holds parameter(s) the model does not have: ${extra.join(', ')}. ` +
        `The model's weights: ${expected.join(', ') || '(none)'}. Pass {ignoreExtra: true} to skip them.`,
    );
  }
}

/** A stored parameter's shape or dtype differs from the model weight of the same name. */
export class ParameterShapeError extends FerryError {
  static readonly code = 'FERRY_PARAMETER_SHAPE';
  constructor(
    readonly file: string,
    readonly parameter: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(
      ParameterShapeError.code,
      `${file}: parameter "${parameter}" is ${found}, but the model's weight is ${expected}`,
    );
  }
}

/** A checkpoint cannot be written, found or resumed. */
export class CheckpointError extends FerryError {
  static readonly code = 'FERRY_CHECKPOINT';
  constructor(
    readonly root: string,
    detail: string,
  ) {
    super(CheckpointError.code, `Checkpoints under "${root}": ${detail}`);
  }
}
