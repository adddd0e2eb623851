/**
 * Browser side of the IndexedDbStorage tests, bundled with `ferryml` mapped to the built package
 * (/dist/). The page imports this module; the Node test calls its exports through `page.evaluate`.
 */
import { IndexedDbStorage } from 'ferryml/adapters/indexeddb';
import { type CaseResult, runCases } from '../../conformance/cases.ts';

let n = 0;
const opened: IndexedDbStorage[] = [];

function fresh(options: { chunkBytes?: number } = {}): IndexedDbStorage {
  const s = new IndexedDbStorage(`ferry-conformance-${Date.now()}-${n++}`, options);
  opened.push(s);
  return s;
}

async function destroyAll(): Promise<void> {
  for (const s of opened.splice(0)) await s.destroy();
}

/** Every conformance case, with the default chunk size (16 MiB: the 64 MB value spans 4 chunks). */
export async function runConformance(): Promise<CaseResult[]> {
  try {
    return await runCases(async () => fresh());
  } finally {
    await destroyAll();
  }
}

/** The cases again with 1 KiB chunks, so that every multi-chunk path runs on small values too. */
export async function runConformanceSmallChunks(): Promise<CaseResult[]> {
  try {
    return await runCases(async () => fresh({ chunkBytes: 1024 }), { skipLarge: true });
  } finally {
    await destroyAll();
  }
}

/** Writes `bytes` more than the quota allows; returns the error's code, name and whether old data survived. */
export async function overQuota(
  bytes: number,
): Promise<{ code?: string; name?: string; kept: boolean; keys: string[] }> {
  const s = fresh();
  try {
    await s.write('small', new Uint8Array([1, 2, 3]));
    let code: string | undefined;
    let name: string | undefined;
    try {
      await s.writeMany([
        ['big/a', new Uint8Array(bytes)],
        ['big/b', new Uint8Array(16)],
      ]);
    } catch (error) {
      code = (error as { code?: string }).code;
      name = (error as Error).name;
    }
    const small = await s.read('small');
    return { code, name, kept: small.length === 3 && small[2] === 3, keys: await s.list('') };
  } finally {
    await destroyAll();
  }
}

/** Saves a dump of `files` values of `mb` MB each with writeMany (one transaction); returns timings. */
export async function bigDump(files: number, mb: number): Promise<{ writeMs: number; readMs: number; ok: boolean }> {
  const s = fresh();
  try {
    const size = mb * 1024 * 1024;
    const values = Array.from({ length: files }, (_, f) => {
      const v = new Uint8Array(size);
      for (let i = 0; i < size; i += 65536) v[i] = (i / 65536 + f) & 0xff;
      return v;
    });
    const t0 = performance.now();
    await s.writeMany(values.map((v, f) => [`dump/part${f}.bin`, v] as const));
    const writeMs = performance.now() - t0;
    values.length = 0;
    let ok = true;
    const t1 = performance.now();
    for (let f = 0; f < files; f++) {
      const back = await s.read(`dump/part${f}.bin`);
      for (let i = 0; i < size; i += 65536) ok &&= back[i] === ((i / 65536 + f) & 0xff);
      ok &&= back.byteLength === size;
    }
    return { writeMs, readMs: performance.now() - t1, ok };
  } finally {
    await destroyAll();
  }
}
