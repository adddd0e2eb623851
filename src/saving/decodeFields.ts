import { CorruptDumpError, InvalidDumpFieldError, isFerryError } from '../errors/index.ts';
import { NDArray } from '../ndarray/NDArray.ts';
import { checkFields } from '../schema/checkFields.ts';
import type { BaseStep } from '../step/BaseStep.ts';
import { hasStepBrand } from '../step/brand.ts';
import { isPlainRecord } from './format/plainRecord.ts';
import { ObjectRef, StepRef, TensorRef } from './format/refs.ts';
import { instantiateRegistered, lookupClass, schemaOf } from './registry.ts';
import { readTensorBytes } from './tensorBytes.ts';

/** What decoding one step file's fields needs. */
export interface FieldDecoding {
  readonly file: string;
  /** The step's path in the dump (`pipeline/child`), for errors. */
  readonly where: string;
  readonly payload: Uint8Array;
  readonly payloadStart: number;
  /** Loads the child step saved under `name` in this step's folder. */
  readonly loadChild: (name: string) => Promise<BaseStep>;
}

/**
 * Inverse of `encodeField`: rebuilds tensors, registered objects and child steps from a header tree.
 * Child steps are loaded first (in document order); the rest is decoded synchronously.
 */
export async function decodeField(value: unknown, dec: FieldDecoding): Promise<unknown> {
  const names: string[] = [];
  collectStepNames(value, names, 0);
  const children = new Map<string, BaseStep>();
  for (const name of names) if (!children.has(name)) children.set(name, await dec.loadChild(name));
  return decodeSync(value, dec, children, 0);
}

function collectStepNames(value: unknown, out: string[], depth: number): void {
  if (depth > 64 || value === null || typeof value !== 'object') return;
  if (value instanceof StepRef) out.push(value.name);
  else if (value instanceof ObjectRef) collectStepNames(value.fields, out, depth + 1);
  else if (Array.isArray(value)) for (const v of value) collectStepNames(v, out, depth + 1);
  else if (isPlainRecord(value)) for (const v of Object.values(value)) collectStepNames(v, out, depth + 1);
}

function decodeSync(
  value: unknown,
  dec: FieldDecoding,
  children: ReadonlyMap<string, BaseStep>,
  depth: number,
): unknown {
  if (depth > 64) throw new CorruptDumpError(dec.file, 0, 'header nested deeper than 64 levels');
  if (value === null || value === undefined) return value;
  switch (typeof value) {
    case 'boolean':
    case 'number':
    case 'string':
    case 'bigint':
      return value;
  }
  if (value instanceof TensorRef) {
    const data = readTensorBytes(
      dec.payload,
      dec.payloadStart,
      value.dtype,
      value.shape,
      value.offset,
      value.byteLength,
      dec.file,
    );
    return value.container === 'typed' ? data : new NDArray(value.dtype, [...value.shape], data);
  }
  if (value instanceof StepRef) return children.get(value.name);
  if (value instanceof ObjectRef) {
    const cls = lookupClass(value.classId, dec.file);
    if (hasStepBrand(cls.prototype))
      throw new InvalidDumpFieldError(
        dec.file,
        `${dec.where}, object ${value.classId}`,
        '(record)',
        'a registered object that is not a step (steps are saved in sub-folders)',
        `step class "${value.classId}"`,
      );
    const fields = decodeSync(value.fields, dec, children, depth + 1) as Record<string, unknown>;
    const checked = checkFields(cls, value.classId, schemaOf(value.classId), false, fields, dec.file, dec.where);
    try {
      return instantiateRegistered(value.classId, fields, dec.file, checked);
    } catch (error) {
      if (isFerryError(error)) throw error;
      throw new CorruptDumpError(dec.file, 0, `cannot rebuild ${value.classId}: ${(error as Error).message}`);
    }
  }
  if (Array.isArray(value)) return value.map((v) => decodeSync(v, dec, children, depth + 1));
  if (isPlainRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const decoded = decodeSync(value[key], dec, children, depth + 1);
      // The header decoder refused `__proto__` keys, and Object.prototype has no other setter: plain assignment.
      out[key] = decoded;
    }
    return out;
  }
  throw new CorruptDumpError(
    dec.file,
    0,
    `header holds a value of a type the format does not allow (${Object.prototype.toString.call(value)})`,
  );
}
