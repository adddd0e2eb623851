import { FERRY_VERSION } from '../version.ts';
import { FerryError } from './FerryError.ts';

/** A class id in a dump is not in the registry; lists what is registered. */
export class UnknownClassError extends FerryError {
  static readonly code = 'FERRY_UNKNOWN_CLASS';
  constructor(
    readonly classId: string,
    readonly registered: readonly string[],
    readonly file?: string,
  ) {
    super(
      UnknownClassError.code,
      `Unknown class id "${classId}"${file ? ` in ${file}` : ''}. ` +
        `Register it with registerStep()/registerSaver()/registerClass() before loading. ` +
        `Registered: ${registered.join(', ') || '(none)'}`,
    );
  }
}

/** A step field holds a value the msgpack saver cannot write (function, socket, tensor…). */
export class UnserializableFieldError extends FerryError {
  static readonly code = 'FERRY_UNSERIALIZABLE_FIELD';
  constructor(
    readonly stepName: string,
    readonly fieldPath: string,
    readonly valueType: string,
  ) {
    super(
      UnserializableFieldError.code,
      `Step "${stepName}": field "${fieldPath}" holds a ${valueType}, which cannot be serialized. ` +
        'Add a saver (extend BaseSaver) that strips it in saveStep() and recreates it in loadStep(), ' +
        'or register its class with registerClass().',
    );
  }
}

/** A dump file is malformed; names the file and the byte offset. */
export class CorruptDumpError extends FerryError {
  static readonly code = 'FERRY_CORRUPT_DUMP';
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly detail: string,
  ) {
    super(CorruptDumpError.code, `Corrupt dump file ${file} at byte ${offset}: ${detail}`);
  }
}

/** A dump was written by a newer major format version than this Ferry reads. */
export class UnsupportedFormatVersionError extends FerryError {
  static readonly code = 'FERRY_UNSUPPORTED_FORMAT_VERSION';
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      UnsupportedFormatVersionError.code,
      `${file} uses dump format v${found}; this is ferryml ${FERRY_VERSION}, which reads formats up to v${supported}. ` +
        `Loading it needs a ferryml release newer than ${FERRY_VERSION} (one that lists format v${found} in FORMAT_INTRODUCED_IN).`,
    );
  }
}

/** A storage key does not exist. */
export class NotFoundError extends FerryError {
  static readonly code = 'FERRY_NOT_FOUND';
  constructor(
    readonly path: string,
    detail?: string,
  ) {
    super(NotFoundError.code, `Not found: ${path}${detail ? ` (${detail})` : ''}`);
  }
}

/** A storage key is not acceptable (`..`, absolute, NUL, empty segment). */
export class InvalidPathError extends FerryError {
  static readonly code = 'FERRY_INVALID_PATH';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(InvalidPathError.code, `Invalid storage path ${JSON.stringify(path)}: ${reason}`);
  }
}

/** A lifecycle method was called in the wrong state (transform before fit, setup twice…). */
export class LifecycleError extends FerryError {
  static readonly code = 'FERRY_LIFECYCLE';
  constructor(
    readonly stepName: string,
    message: string,
  ) {
    super(LifecycleError.code, `Step "${stepName}": ${message}`);
  }
}

/** A hyperparameter name matches no step or field; lists the valid names. */
export class UnknownHyperparameterError extends FerryError {
  static readonly code = 'FERRY_UNKNOWN_HYPERPARAMETER';
  constructor(
    readonly stepName: string,
    readonly hyperparameter: string,
    readonly valid: readonly string[],
  ) {
    super(
      UnknownHyperparameterError.code,
      `Step "${stepName}" has no hyperparameter "${hyperparameter}". Valid names: ${valid.join(', ') || '(none)'}`,
    );
  }
}

/** A hyperparameter value or combination is invalid (e.g. dual with l1, C <= 0). */
export class InvalidHyperparameterError extends FerryError {
  static readonly code = 'FERRY_INVALID_HYPERPARAMETER';
  constructor(
    readonly stepName: string,
    readonly hyperparameter: string,
    detail: string,
  ) {
    super(InvalidHyperparameterError.code, `Step "${stepName}", hyperparameter "${hyperparameter}": ${detail}`);
  }
}

/** Input data has the wrong shape, dtype or content for the step. */
export class InvalidInputError extends FerryError {
  static readonly code = 'FERRY_INVALID_INPUT';
  constructor(
    readonly where: string,
    detail: string,
  ) {
    super(InvalidInputError.code, `${where}: ${detail}`);
  }
}

/** No tfjs backend could be initialised; lists every attempt. */
export class BackendUnavailableError extends FerryError {
  static readonly code = 'FERRY_BACKEND_UNAVAILABLE';
  constructor(readonly tried: readonly { name: string; error: string }[]) {
    super(
      BackendUnavailableError.code,
      `No tfjs backend could be initialised. Tried: ${tried.map((t) => `${t.name} (${t.error})`).join('; ')}`,
    );
  }
}

/** The WASM kernels cannot run here (no WebAssembly, or no SIMD support). */
export class KernelUnavailableError extends FerryError {
  static readonly code = 'FERRY_KERNEL_UNAVAILABLE';
  constructor(detail: string, options?: { cause?: unknown }) {
    super(KernelUnavailableError.code, `Ferry's WASM kernels are unavailable: ${detail}`, options);
  }
}

/** A registry id was registered twice with different classes. */
export class RegistryConflictError extends FerryError {
  static readonly code = 'FERRY_REGISTRY_CONFLICT';
  constructor(readonly classId: string) {
    super(RegistryConflictError.code, `Class id "${classId}" is already registered to another class`);
  }
}
