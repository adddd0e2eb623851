/**
 * Structured fuzzing of dump files and packs: mutations of a valid dump (truncation, bit flips,
 * splices, oversized length fields, deep nesting), half of them re-signed with a valid header checksum
 * so that the decoder behind the checksum gate is exercised too. Every case must end in a typed
 * FerryError or in a load whose predictions equal the original's, within a time bound, with bounded
 * memory growth. Used by `test/fuzz/fuzz.test.ts` (a few thousand cases) and `npm run fuzz` (≥ 100,000).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  ExecutionContext,
  isFerryError,
  LogisticRegression,
  MemoryStorage,
  type NDArray,
  OutputTransformerWrapper,
  Pipeline,
  Ravel,
  type StorageAdapter,
} from 'ferryml';
import { PackStorage } from '../../adapters/pack.ts';
import { loadKernels } from '../../src/kernels/loadKernels.ts';
import { pack } from '../../src/pack/pack.ts';
import { wasmXxh64 } from '../../src/saving/format/xxhash64.ts';

export const CORPUS_DIR = new URL('./corpus/', import.meta.url);
const X = [[0], [1], [2], [3], [0.5]];

/** The target of the mutations: one step file and one pack, with the expected predictions. */
export interface FuzzTarget {
  readonly file: Uint8Array;
  readonly pack: Uint8Array;
  readonly expected: Float64Array;
}

export async function makeTarget(): Promise<FuzzTarget> {
  const p = new Pipeline([new OutputTransformerWrapper(new Ravel()), new LogisticRegression()]).setName('m');
  await p.fit([[0], [1], [2], [3]], [[0], [2], [4], [6]]);
  const storage = new MemoryStorage();
  await p.save(new ExecutionContext(storage), { fullDump: true });
  const expected = ((await p.transform(X)) as NDArray).data as Float64Array;
  return {
    file: await storage.read('m/LogisticRegression/LogisticRegression.ferry'),
    pack: await pack(storage, 'm'),
    expected,
  };
}

/** One mutated input: which container it is and its bytes. */
export interface FuzzCase {
  readonly kind: 'file' | 'pack';
  readonly bytes: Uint8Array;
  readonly description: string;
}

export type Outcome = 'ok' | 'ferry-error';

/** Loads a case; returns its outcome or throws a description of the failure (wrong answer, foreign error, timeout). */
export async function runCase(target: FuzzTarget, c: FuzzCase, timeoutMs = 2000): Promise<Outcome> {
  let storage: StorageAdapter;
  let name: string;
  if (c.kind === 'pack') {
    storage = new PackStorage(c.bytes, 'fuzz.ferrypack');
    name = 'm';
  } else {
    storage = new MemoryStorage();
    await storage.write('lr/lr.ferry', c.bytes);
    name = 'lr';
  }
  const work = (async (): Promise<Outcome> => {
    try {
      const step = await new ExecutionContext(storage).load(name);
      const out = (await step.transform(X)) as NDArray;
      const got = out.data as Float64Array;
      if (got.length !== target.expected.length || got.some((v, i) => !Object.is(v, target.expected[i]))) {
        throw new Error(
          `WRONG ANSWER: loaded and predicted ${Array.from(got)} instead of ${Array.from(target.expected)}`,
        );
      }
      return 'ok';
    } catch (error) {
      if (isFerryError(error)) return 'ferry-error';
      throw error;
    }
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`TIMEOUT: case took over ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Re-signs the header checksum of a `.ferry` file or pack (both keep it at byte 32), when the lengths parse. */
export function resign(bytes: Uint8Array, hash: (chunks: Uint8Array[]) => bigint): Uint8Array {
  if (bytes.byteLength < 40) return bytes;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = v.getBigUint64(16, true);
  if (h > BigInt(bytes.byteLength)) return bytes;
  const end = 40 + Number(h);
  const s = Math.min(bytes.byteLength, end + ((8 - (end % 8)) % 8));
  const out = bytes.slice();
  new DataView(out.buffer).setBigUint64(32, hash([out.subarray(0, 32), out.subarray(40, s)]), true);
  return out;
}

/** The fast-check arbitrary of mutations of `base`. */
export function mutationArbitrary(
  base: Uint8Array,
  kind: 'file' | 'pack',
  hash: (c: Uint8Array[]) => bigint,
): fc.Arbitrary<FuzzCase> {
  const n = base.byteLength;
  const mk = (bytes: Uint8Array, description: string, sign: boolean): FuzzCase => ({
    kind,
    bytes: sign ? resign(bytes, hash) : bytes,
    description: `${kind}: ${description}${sign ? ' (re-signed)' : ''}`,
  });
  const truncate = fc
    .tuple(fc.nat(n - 1), fc.boolean())
    .map(([at, sign]) => mk(base.slice(0, at), `truncate at ${at}`, sign));
  const flip = fc.tuple(fc.nat(n - 1), fc.integer({ min: 1, max: 255 }), fc.boolean()).map(([at, mask, sign]) => {
    const b = base.slice();
    b[at] ^= mask;
    return mk(b, `xor byte ${at} with ${mask}`, sign);
  });
  const splice = fc
    .tuple(fc.nat(n - 1), fc.nat(32), fc.uint8Array({ maxLength: 48 }), fc.boolean())
    .map(([at, del, insert, sign]) => {
      const b = new Uint8Array(n - Math.min(del, n - at) + insert.length);
      b.set(base.subarray(0, at), 0);
      b.set(insert, at);
      b.set(base.subarray(at + Math.min(del, n - at)), at + insert.length);
      return mk(b, `splice at ${at}: -${del} +${insert.length}`, sign);
    });
  const oversize = fc
    .tuple(fc.nat(n - 5), fc.constantFrom(0xffffffff, 0x7fffffff, 0x10000000, 0x00ffffff), fc.boolean())
    .map(([at, value, sign]) => {
      const b = base.slice();
      // A length-like 32-bit big-endian value where msgpack puts lengths, or little-endian in the preamble.
      const view = new DataView(b.buffer);
      if (at < 40) view.setUint32(at & ~3, value, true);
      else view.setUint32(at, value, false);
      return mk(b, `oversize u32 ${value} at ${at}`, sign);
    });
  const deepNesting = fc
    .tuple(fc.integer({ min: 10, max: 5000 }), fc.constantFrom(0x91, 0x81, 0xdc))
    .map(([depth, marker]) => {
      const hl = Number(new DataView(base.buffer, base.byteOffset).getBigUint64(16, true));
      const nest = marker === 0xdc ? [0xdc, 0x00, 0x01] : marker === 0x81 ? [0x81, 0xa1, 0x6b] : [0x91];
      const body = new Uint8Array(depth * nest.length + 1);
      for (let i = 0; i < depth; i++) body.set(nest, i * nest.length);
      body[body.length - 1] = 0xc0;
      const header = new Uint8Array(hl + body.length);
      header.set(base.subarray(40, 40 + hl), 0);
      header.set(body, hl);
      const pad = (8 - ((40 + header.length) % 8)) % 8;
      const out = new Uint8Array(40 + header.length + pad + (n - (40 + hl + ((8 - ((40 + hl) % 8)) % 8))));
      out.set(base.subarray(0, 40), 0);
      new DataView(out.buffer).setBigUint64(16, BigInt(header.length), true);
      out.set(header, 40);
      out.set(base.subarray(40 + hl + ((8 - ((40 + hl) % 8)) % 8)), 40 + header.length + pad);
      return mk(out, `nesting ${depth} x 0x${marker.toString(16)} after the header`, true);
    });
  return fc.oneof(truncate, flip, splice, oversize, deepNesting);
}

/** Saves a failing case to the corpus (replayed by the tests from then on). */
export function saveToCorpus(c: FuzzCase, reason: string): string {
  mkdirSync(CORPUS_DIR, { recursive: true });
  const name = `${c.kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  writeFileSync(new URL(`${name}.bin`, CORPUS_DIR), c.bytes);
  writeFileSync(new URL(`${name}.txt`, CORPUS_DIR), `${c.description}\n${reason}\n`);
  return name;
}

/** Every case saved in the corpus. */
export function corpusCases(): FuzzCase[] {
  let names: string[] = [];
  try {
    names = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.bin'));
  } catch {
    return [];
  }
  return names.map((f) => ({
    kind: f.startsWith('pack') ? 'pack' : 'file',
    bytes: new Uint8Array(readFileSync(new URL(f, CORPUS_DIR))),
    description: `corpus ${f}`,
  }));
}

/** Statistics of a fuzzing run. */
export interface FuzzReport {
  cases: number;
  ok: number;
  ferryErrors: number;
  failures: { description: string; reason: string; corpus?: string }[];
  maxRssGrowthBytes: number;
  maxCaseMs: number;
}

/** Runs `numRuns` random cases (half on the step file, half on the pack) plus the exhaustive single-byte ones. */
export async function fuzzDumps(options: {
  numRuns: number;
  seed: number;
  exhaustive: boolean;
  saveFailures: boolean;
}): Promise<FuzzReport> {
  const target = await makeTarget();
  const hasher = wasmXxh64(await loadKernels());
  const hash = (c: Uint8Array[]) => hasher.hash(c);
  const report: FuzzReport = { cases: 0, ok: 0, ferryErrors: 0, failures: [], maxRssGrowthBytes: 0, maxCaseMs: 0 };
  const rss0 = process.memoryUsage().rss;
  const run = async (c: FuzzCase): Promise<void> => {
    const t0 = performance.now();
    try {
      const outcome = await runCase(target, c);
      if (outcome === 'ok') report.ok++;
      else report.ferryErrors++;
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      report.failures.push({
        description: c.description,
        reason,
        corpus: options.saveFailures ? saveToCorpus(c, reason) : undefined,
      });
    }
    report.cases++;
    report.maxCaseMs = Math.max(report.maxCaseMs, performance.now() - t0);
    if (report.cases % 256 === 0)
      report.maxRssGrowthBytes = Math.max(report.maxRssGrowthBytes, process.memoryUsage().rss - rss0);
  };
  for (const c of corpusCases()) await run(c);
  if (options.exhaustive) {
    for (const [kind, base] of [['file', target.file] as const]) {
      for (let i = 0; i <= base.byteLength; i++)
        await run({ kind, bytes: base.slice(0, i), description: `${kind}: truncate at ${i}` });
      for (let i = 0; i < base.byteLength; i++) {
        const b = base.slice();
        b[i] ^= 0xff;
        await run({ kind, bytes: b, description: `${kind}: invert byte ${i}` });
        await run({ kind, bytes: resign(b, hash), description: `${kind}: invert byte ${i} (re-signed)` });
      }
    }
  }
  const arb = fc.oneof(mutationArbitrary(target.file, 'file', hash), mutationArbitrary(target.pack, 'pack', hash));
  await fc.assert(
    fc.asyncProperty(arb, async (c) => {
      await run(c);
    }),
    { numRuns: options.numRuns, seed: options.seed },
  );
  report.maxRssGrowthBytes = Math.max(report.maxRssGrowthBytes, process.memoryUsage().rss - rss0);
  return report;
}
