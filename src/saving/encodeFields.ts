import { UnserializableFieldError } from '../errors/index.ts';
import { dtypeOfTypedArray, type TypedArray } from '../ndarray/dtypes.ts';
import { isNDArray, type NDArray } from '../ndarray/NDArray.ts';
import type { BaseStep } from '../step/BaseStep.ts';
import { hasSaverBrand, hasStepBrand } from '../step/brand.ts';
import type { PayloadSection } from './format/PayloadSection.ts';
import { isPlainRecord } from './format/plainRecord.ts';
import { ObjectRef, StepRef, TensorRef } from './format/refs.ts';
import { defaultClassId, type RegisteredClass, registerClass, registeredIdOf } from './registry.ts';
import { littleEndianBytes } from './tensorBytes.ts';

/** What encoding one step's fields needs and produces. */
export interface FieldEncoding {
  /** Name of the step being encoded (for error messages). */
  readonly stepName: string;
  /** Where tensor bytes go. */
  readonly payload: PayloadSection;
  /** Child steps met in the fields, by name; the caller saves each in its sub-folder. */
  readonly children: Map<string, BaseStep>;
}

const MAX_DEPTH = 64;

/**
 * Turns a field value into the header tree of the dump format: plain values stay as they are,
 * typed arrays and NDArrays become tensor descriptors (bytes to `payload`), nested steps become
 * step references, instances of registered classes become object records. Anything else is an
 * {@link UnserializableFieldError} naming the step and the field path.
 */
export function encodeField(value: unknown, path: string, enc: FieldEncoding, depth = 0): unknown {
  if (depth > MAX_DEPTH)
    throw new UnserializableFieldError(
      enc.stepName,
      path,
      `structure nested deeper than ${MAX_DEPTH} levels (a cycle?)`,
    );
  if (value === null || value === undefined) return value;
  switch (typeof value) {
    case 'boolean':
    case 'number':
    case 'string':
    case 'bigint':
      return value;
    case 'function':
      throw new UnserializableFieldError(enc.stepName, path, 'function');
    case 'symbol':
      throw new UnserializableFieldError(enc.stepName, path, 'symbol');
  }
  if (ArrayBuffer.isView(value)) {
    const dtype = value instanceof DataView ? undefined : dtypeOfTypedArray(value);
    if (!dtype) throw new UnserializableFieldError(enc.stepName, path, value.constructor.name);
    const array = value as TypedArray;
    const { offset, checksum } = enc.payload.add(littleEndianBytes(array));
    return new TensorRef(dtype, [array.length], offset, array.byteLength, 'typed', checksum);
  }
  if (isNDArray(value)) {
    const nd = value as NDArray;
    const { offset, checksum } = enc.payload.add(littleEndianBytes(nd.data));
    return new TensorRef(nd.dtype, [...nd.shape], offset, nd.data.byteLength, 'ndarray', checksum);
  }
  if (hasStepBrand(value)) {
    const step = value as BaseStep;
    const seen = enc.children.get(step.name);
    if (seen && seen !== step) {
      throw new UnserializableFieldError(
        enc.stepName,
        path,
        `second child step named "${step.name}" (child names must be unique)`,
      );
    }
    enc.children.set(step.name, step);
    return new StepRef(step.name);
  }
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) {
      throw new UnserializableFieldError(enc.stepName, path, value.constructor?.name ?? 'array subclass');
    }
    return value.map((v, i) => encodeField(v, `${path}[${i}]`, enc, depth + 1));
  }
  if (isPlainRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (key === '__proto__') throw new UnserializableFieldError(enc.stepName, `${path}.__proto__`, 'reserved key');
      out[key] = encodeField(value[key], `${path}.${key}`, enc, depth + 1);
    }
    return out;
  }
  const cls = (value as object).constructor as RegisteredClass | undefined;
  let id = cls ? registeredIdOf(cls) : undefined;
  if (!id && cls && hasSaverBrand(value)) id = registerClass(cls, defaultClassId(cls));
  if (!id) {
    const type = cls?.name || 'object';
    throw new UnserializableFieldError(enc.stepName, path, `${type} (not a registered class)`);
  }
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(value as object)) {
    fields[key] = encodeField((value as Record<string, unknown>)[key], `${path}.${key}`, enc, depth + 1);
  }
  return new ObjectRef(id, fields);
}
