/** Cutting a value given as chunks ({@link WriteData}) into parts without joining the whole value first. */
import type { WriteData } from '../../src/storage/StorageAdapter.ts';

/** The chunks of `data`, as a list. */
export function chunksOf(data: WriteData): readonly Uint8Array[] {
  return data instanceof Uint8Array ? [data] : data;
}

/**
 * Bytes `[start, end)` of the chunks taken back to back: a view when they lie in one chunk, else a copy
 * of just that range.
 */
export function sliceChunks(chunks: readonly Uint8Array[], start: number, end: number): Uint8Array {
  let offset = 0;
  const pieces: Uint8Array[] = [];
  for (const c of chunks) {
    const cEnd = offset + c.byteLength;
    if (cEnd > start && offset < end)
      pieces.push(c.subarray(Math.max(0, start - offset), Math.min(c.byteLength, end - offset)));
    offset = cEnd;
    if (offset >= end) break;
  }
  if (pieces.length === 1) return pieces[0];
  const out = new Uint8Array(end - start);
  let o = 0;
  for (const p of pieces) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

/** Runs `task(i)` for i in [0, n) with at most `limit` running at once; rejects with the first failure. */
export async function runLimited(n: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < n) {
      const i = next++;
      try {
        await task(i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, n) }, worker));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}
