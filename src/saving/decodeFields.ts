import { CorruptDumpError, isFerryError } from '../errors/index.ts';
import { NDArray } from '../ndarray/NDArray.ts';
import type { BaseStep } from '../step/BaseStep.ts';
import { isPlainRecord } from './format/msgpackCodec.ts';
import { ObjectRef, StepRef, TensorRef } from './format/refs.ts';
import { instantiateRegistered } from './registry.ts';
import { readTensorBytes } from './tensorBytes.ts';

/** What decoding one step file's fields needs. */
export interface FieldDecoding {
  readonly file: string;
  readonly payload: Uint8Array;
  readonly payloadStart: number;
  /** Loads the child step saved under `name` in this step's folder. */
  readonly loadChild: (name: string) => Promise<BaseStep>;
}

/** Inverse of `encodeField`: rebuilds tensors, registered objects and child steps from a header tree. */
export async function decodeField(value: unknown, dec: FieldDecoding, depth = 0): Promise<unknown> {
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
  if (value instanceof StepRef) return dec.loadChild(value.name);
  if (value instanceof ObjectRef) {
    const fields = (await decodeField(value.fields, dec, depth + 1)) as Record<string, unknown>;
    try {
      return instantiateRegistered(value.classId, fields, dec.file);
    } catch (error) {
      if (isFerryError(error)) throw error;
      throw new CorruptDumpError(dec.file, 0, `cannot rebuild ${value.classId}: ${(error as Error).message}`);
    }
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) out.push(await decodeField(v, dec, depth + 1));
    return out;
  }
  if (isPlainRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const decoded = await decodeField(value[key], dec, depth + 1);
      Object.defineProperty(out, key, { value: decoded, writable: true, enumerable: true, configurable: true });
    }
    return out;
  }
  throw new CorruptDumpError(
    dec.file,
    0,
    `header holds a value of a type the format does not allow (${Object.prototype.toString.call(value)})`,
  );
}
