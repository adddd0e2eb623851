/**
 * Cutting input into batches of rows and joining the outputs back: along the first axis for batches in sequence,
 * along the last axis (features) for stages in parallel.
 */
import { InvalidInputError } from '../errors/index.ts';
import type { DType } from '../ndarray/dtypes.ts';
import { isNDArray, NDArray, shapeSize } from '../ndarray/NDArray.ts';
import { BatchJoinError } from './errors.ts';

/** Number of rows (first-axis length) of a batchable input. */
export function rowCount(x: unknown, where: string): number {
  if (isNDArray(x)) {
    if (x.ndim === 0) throw new InvalidInputError(where, 'a 0-d array has no rows to cut into batches');
    return x.shape[0];
  }
  if (Array.isArray(x) || ArrayBuffer.isView(x)) return (x as ArrayLike<unknown>).length;
  throw new InvalidInputError(where, `expected an NDArray, a typed array or an array of rows, got ${kindOf(x)}`);
}

/** Whether `x` is an NDArray or typed array over a SharedArrayBuffer (workers can read it where it is). */
export function isShared(x: unknown): boolean {
  const data = isNDArray(x) ? x.data : ArrayBuffer.isView(x) ? x : undefined;
  return typeof SharedArrayBuffer === 'function' && data !== undefined && data.buffer instanceof SharedArrayBuffer;
}

/**
 * Rows `[start, end)` of `x` as a value of its own: a copy, so that its buffer can be transferred — or, for data over a
 * SharedArrayBuffer, a view (messages share that memory instead of copying it).
 */
export function sliceRows(x: unknown, start: number, end: number, spares?: SpareBuffers): unknown {
  if (isNDArray(x)) {
    const stride = shapeSize(x.shape.slice(1));
    const rows = x.data.subarray(start * stride, end * stride) as NDArray['data'];
    if (isShared(x)) return new NDArray(x.dtype, [end - start, ...x.shape.slice(1)], rows);
    const spare = spares?.take(rows.byteLength);
    let data: NDArray['data'];
    if (spare) {
      const Ctor = rows.constructor as new (buffer: ArrayBuffer) => NDArray['data'];
      data = new Ctor(spare);
      (data as Float64Array).set(rows as Float64Array);
    } else data = rows.slice() as NDArray['data'];
    return new NDArray(x.dtype, [end - start, ...x.shape.slice(1)], data);
  }
  if (Array.isArray(x)) return x.slice(start, end);
  if (isShared(x)) return (x as Float64Array).subarray(start, end);
  return (x as Float64Array).slice(start, end);
}

/**
 * Buffers that workers gave back after transforming a batch, reused for the next batches' rows: copying into memory
 * already mapped costs a fraction of allocating fresh memory for each batch.
 */
export class SpareBuffers {
  private readonly byLength = new Map<number, ArrayBuffer[]>();

  /** Keeps `buffer` for reuse. */
  put(buffer: ArrayBuffer): void {
    const list = this.byLength.get(buffer.byteLength) ?? [];
    list.push(buffer);
    this.byLength.set(buffer.byteLength, list);
  }

  /** A kept buffer of exactly `byteLength` bytes, if any. */
  take(byteLength: number): ArrayBuffer | undefined {
    return this.byLength.get(byteLength)?.pop();
  }
}

/** Joins batch outputs along the first axis, in order. */
export function concatRows(parts: readonly unknown[], owner: string): unknown {
  if (parts.length === 1) return parts[0];
  if (parts.length === 0) return [];
  const first = parts[0];
  if (isNDArray(first)) {
    const tail = first.shape.slice(1);
    let rows = 0;
    for (const [i, p] of parts.entries()) {
      if (!isNDArray(p)) throw new BatchJoinError(owner, `batch 0 gave an NDArray, batch ${i} gave ${kindOf(p)}`);
      if (p.dtype !== first.dtype || p.ndim !== first.ndim || !sameTail(p.shape, tail)) {
        throw new BatchJoinError(
          owner,
          `batch 0 gave ${first.dtype} [${first.shape}], batch ${i} gave ${p.dtype} [${p.shape}]`,
        );
      }
      rows += p.shape[0];
    }
    const out = NDArray.zeros(first.dtype, [rows, ...tail]);
    let offset = 0;
    for (const p of parts as NDArray[]) {
      (out.data as Float64Array).set(p.data as Float64Array, offset);
      offset += p.data.length;
    }
    return out;
  }
  if (Array.isArray(first)) {
    const out: unknown[] = [];
    for (const [i, p] of parts.entries()) {
      if (!Array.isArray(p)) throw new BatchJoinError(owner, `batch 0 gave an array, batch ${i} gave ${kindOf(p)}`);
      for (const v of p) out.push(v);
    }
    return out;
  }
  if (ArrayBuffer.isView(first)) {
    const ctor = (first as Float64Array).constructor as Float64ArrayConstructor;
    let n = 0;
    for (const [i, p] of parts.entries()) {
      if (!(p instanceof ctor))
        throw new BatchJoinError(owner, `batch 0 gave a ${ctor.name}, batch ${i} gave ${kindOf(p)}`);
      n += p.length;
    }
    const out = new ctor(n);
    let offset = 0;
    for (const p of parts as Float64Array[]) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }
  throw new BatchJoinError(owner, `batch outputs of kind ${kindOf(first)} cannot be joined by rows`);
}

/**
 * Joins the outputs of parallel stages along their last axis (Neuraxle's `NumpyConcatenateInnerFeatures`): each
 * output is an `[n]` column or an `[n, d]` matrix; the result is `[n, Σd]`, in the dtype they share, else float64.
 */
export function concatFeatures(parts: readonly unknown[], names: readonly string[], owner: string): NDArray {
  const mats = parts.map((p, i) => {
    if (!isNDArray(p) || p.ndim < 1 || p.ndim > 2) {
      throw new BatchJoinError(
        owner,
        `stage "${names[i]}" gave ${isNDArray(p) ? `an array of shape [${p.shape}]` : kindOf(p)}; ` +
          'parallel stages must give NDArrays of shape [n] or [n, d]',
      );
    }
    return { a: p, cols: p.ndim === 1 ? 1 : p.shape[1] };
  });
  const rows = mats[0].a.shape[0];
  for (const [i, m] of mats.entries()) {
    if (m.a.shape[0] !== rows) {
      throw new BatchJoinError(owner, `stage "${names[0]}" gave ${rows} rows, stage "${names[i]}" ${m.a.shape[0]}`);
    }
  }
  const dtypes = new Set(mats.map((m) => m.a.dtype));
  const dtype: DType = dtypes.size === 1 ? mats[0].a.dtype : 'float64';
  if (dtype === 'int64' || dtype === 'uint64') {
    throw new BatchJoinError(owner, `64-bit integer outputs cannot be joined as features`);
  }
  const width = mats.reduce((s, m) => s + m.cols, 0);
  const out = NDArray.zeros(dtype, [rows, width]);
  const o = out.data as Float64Array;
  let col = 0;
  for (const { a, cols } of mats) {
    const d = a.data as Float64Array;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) o[r * width + col + c] = Number(d[r * cols + c]);
    col += cols;
  }
  return out;
}

function sameTail(shape: readonly number[], tail: readonly number[]): boolean {
  for (let i = 0; i < tail.length; i++) if (shape[i + 1] !== tail[i]) return false;
  return true;
}

/** A short description of a value's kind for messages. */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (isNDArray(v)) return `an NDArray ${v.dtype} [${v.shape}]`;
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `a ${(v as object).constructor?.name ?? 'object'}`;
  return `a ${typeof v}`;
}
