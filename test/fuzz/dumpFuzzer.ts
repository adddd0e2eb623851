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
  type BaseStep,
  ExecutionContext,
  isFerryError,
  LogisticRegression,
  LogUniform,
  MemoryStorage,
  type NDArray,
  OutputTransformerWrapper,
  Pipeline,
  Ravel,
  StandardScaler,
  type StorageAdapter,
} from 'ferryml';
import { PackStorage } from '../../adapters/pack.ts';
import { loadKernels } from '../../src/kernels/loadKernels.ts';
import { pack } from '../../src/pack/pack.ts';
import { decodeFerryFile } from '../../src/saving/format/ferryFile.ts';
import type { TensorRef } from '../../src/saving/format/refs.ts';
import { type Hasher, wasmXxh64 } from '../../src/saving/format/xxhash64.ts';
import { readTensorBytes } from '../../src/saving/tensorBytes.ts';
import { applyMutation, fieldMutationArbitrary, openStepFile, sealStepFile } from './fieldMutations.ts';

export const CORPUS_DIR = new URL('./corpus/', import.meta.url);
const X = [[0], [1], [2], [3], [0.5]];

/** The target of the mutations: a whole dump, one step file of it and its pack, with the expected predictions. */
export interface FuzzTarget {
  /** Every file of the dump `m`, by key. */
  readonly dump: ReadonlyMap<string, Uint8Array>;
  readonly file: Uint8Array;
  readonly pack: Uint8Array;
  readonly expected: Float64Array;
  /** Predictions of the single step file (`LogisticRegression` alone). */
  readonly expectedFile: Float64Array;
}

/** The single-step target is saved in a folder of its own name, so that the header-name check passes unmutated. */
const FILE_STEP = 'LogisticRegression';

export async function makeTarget(): Promise<FuzzTarget> {
  const lr = new LogisticRegression({ space: { C: new LogUniform(0.01, 10) } });
  const p = new Pipeline([new StandardScaler(), new OutputTransformerWrapper(new Ravel()), lr]).setName('m');
  await p.fit([[0], [1], [2], [3]], [[0], [2], [4], [6]]);
  const storage = new MemoryStorage();
  await p.save(new ExecutionContext(storage), { fullDump: true });
  const expected = ((await p.transform(X)) as NDArray).data as Float64Array;
  const dump = new Map<string, Uint8Array>();
  for (const key of await storage.list('m')) dump.set(key, await storage.read(key));
  const lrAlone = new LogisticRegression();
  await lrAlone.fit([[0], [1], [2], [3]], [0, 2, 4, 6]);
  const single = new MemoryStorage();
  await lrAlone.save(new ExecutionContext(single), { fullDump: true });
  return {
    dump,
    file: await single.read(`${FILE_STEP}/${FILE_STEP}.ferry`),
    pack: await pack(storage, 'm'),
    expected,
    expectedFile: ((await lrAlone.transform(X)) as NDArray).data as Float64Array,
  };
}

/**
 * The predictions a LogisticRegression step file states, computed from its decoded header without Ferry's step code:
 * scores X·coefᵀ + intercept, then the class of the largest score (one row: classes[score > 0 ? 1 : 0]).
 */
function referenceLogisticPredictions(bytes: Uint8Array): Float64Array {
  const decoded = decodeFerryFile(bytes, 'reference', referenceHasher as Hasher);
  const fields = (decoded.header as { fields: Record<string, unknown> }).fields;
  const tensor = (ref: unknown): Float64Array => {
    const t = ref as TensorRef;
    return readTensorBytes(
      decoded.payload,
      decoded.payloadStart,
      t.dtype,
      t.shape,
      t.offset,
      t.byteLength,
      'reference',
    ) as Float64Array;
  };
  const coef = tensor(fields.coef);
  const intercept = tensor(fields.intercept);
  const classes = fields.classes as number[];
  const k = intercept.length;
  const d = coef.length / k;
  return Float64Array.from(X, (row) => {
    const scores = Array.from(
      { length: k },
      (_, r) => intercept[r] + row.reduce((s, x, j) => s + x * coef[r * d + j], 0),
    );
    if (k === 1) return classes[scores[0] > 0 ? 1 : 0];
    let best = 0;
    for (let r = 1; r < k; r++) if (scores[r] > scores[best]) best = r;
    return classes[best];
  });
}

let referenceHasher: Hasher | undefined;

/** Every number of a transform's output (an NDArray, or nested lists), in order. */
function numbersOf(out: unknown): number[] {
  if (out instanceof Object && 'data' in out && ArrayBuffer.isView((out as NDArray).data))
    return Array.from((out as NDArray).data as Float64Array);
  if (Array.isArray(out)) return out.flatMap(numbersOf);
  return [out as number];
}

/** Whether saving the loaded step `name` writes `file` back with exactly `bytes`. */
async function resavedBytesEqual(step: BaseStep, name: string, file: string, bytes: Uint8Array): Promise<boolean> {
  const again = new MemoryStorage();
  await step.save(new ExecutionContext(again), { fullDump: true });
  if (name !== step.name) return false;
  try {
    const written = await again.read(file);
    return written.byteLength === bytes.byteLength && written.every((b, i) => b === bytes[i]);
  } catch {
    return false;
  }
}

/** How far a case got: the stage it failed at (or `done`). */
export type Stage = 'checksum' | 'decode' | 'schema' | 'load' | 'transform' | 'done';
export const STAGES: readonly Stage[] = ['checksum', 'decode', 'schema', 'load', 'transform', 'done'];

/** The stage a typed error of a load belongs to. */
function stageOf(error: { code: string; message: string }): Stage {
  if (error.code === 'FERRY_CORRUPT_DUMP' || error.code === 'FERRY_UNSUPPORTED_FORMAT_VERSION') {
    return /checksum mismatch|magic|preamble|flags|header length|payload length|data length|index length|file size|shorter than|maxFileBytes|maxHeaderBytes|version 0|UnsupportedFormat|needs format/.test(
      error.message,
    )
      ? 'checksum'
      : 'decode';
  }
  if (error.code === 'FERRY_INVALID_DUMP_FIELD' || error.code === 'FERRY_UNKNOWN_CLASS') return 'schema';
  return 'load';
}

/** One mutated input: which container it is and its bytes. */
export interface FuzzCase {
  readonly kind: 'file' | 'pack' | 'dump';
  /** The mutated file (`file`), pack (`pack`), or the mutated step file of a dump (`dump`). */
  readonly bytes: Uint8Array;
  /** For `dump` cases: the whole dump with the mutated file in it, and that file's key. */
  readonly storage?: StorageAdapter;
  readonly file?: string;
  readonly description: string;
}

export type Outcome = 'ok' | 'ferry-error';

/** Loads a case; returns the stage it ended at or throws a description of the failure (wrong answer, foreign error, timeout). */
export async function runCase(target: FuzzTarget, c: FuzzCase, timeoutMs = 2000): Promise<Stage> {
  let storage: StorageAdapter;
  let name: string;
  let expected = target.expected;
  if (c.kind === 'pack') {
    storage = new PackStorage(c.bytes, 'fuzz.ferrypack');
    name = 'm';
  } else if (c.kind === 'dump') {
    storage = c.storage as StorageAdapter;
    name = 'm';
  } else {
    storage = new MemoryStorage();
    await storage.write(`${FILE_STEP}/${FILE_STEP}.ferry`, c.bytes);
    name = FILE_STEP;
    expected = target.expectedFile;
  }
  const work = (async (): Promise<Stage> => {
    let step: Awaited<ReturnType<ExecutionContext['load']>>;
    try {
      step = await new ExecutionContext(storage).load(name);
    } catch (error) {
      if (isFerryError(error)) return stageOf(error);
      throw error;
    }
    let got: number[];
    try {
      got = numbersOf(await step.transform(X));
    } catch (error) {
      if (isFerryError(error)) return 'transform';
      throw error;
    }
    if (c.kind === 'file') {
      // A re-signed header can be a valid dump of another model (a class label 0 turned into -1): the correct answer
      // is then what that file says, computed from its decoded fields by an independent reference.
      expected = referenceLogisticPredictions(c.bytes);
    }
    if (got.length !== expected.length || got.some((v, i) => !Object.is(v, expected[i]))) {
      // A structured edit can also yield a valid dump of another model (a pipeline with no steps is the identity).
      // The load is then correct when it is faithful: saving the loaded tree again writes the mutated file back.
      if (c.kind !== 'file' && c.file && (await resavedBytesEqual(step, name, c.file, await storage.read(c.file))))
        return 'done';
      throw new Error(`WRONG ANSWER: loaded and predicted ${got} instead of ${Array.from(expected)}`);
    }
    return 'done';
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
  return names.map((f) => {
    let description = `corpus ${f}`;
    try {
      description = `corpus ${f}: ${readFileSync(new URL(f.replace(/\.bin$/, '.txt'), CORPUS_DIR), 'utf8').split('\n')[0]}`;
    } catch {}
    const kind = f.startsWith('pack') ? 'pack' : f.startsWith('dump') ? 'dump' : 'file';
    return { kind, bytes: new Uint8Array(readFileSync(new URL(f, CORPUS_DIR))), description };
  });
}

/** Statistics of a fuzzing run. */
export interface FuzzReport {
  cases: number;
  ok: number;
  ferryErrors: number;
  /** Cases by the stage they ended at, for the byte-level and the structured (field) mutations. */
  endedAt: { bytes: Record<Stage, number>; fields: Record<Stage, number> };
  failures: { description: string; reason: string; corpus?: string }[];
  /** Largest RSS growth seen during the byte-level cases (hostile allocations show here). */
  maxRssGrowthBytes: number;
  /** Largest RSS growth seen during the structured cases, which build whole dumps and packs each. */
  maxRssGrowthFieldsBytes: number;
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
  referenceHasher = hasher;
  const hash = (c: Uint8Array[]) => hasher.hash(c);
  const zero = (): Record<Stage, number> => ({ checksum: 0, decode: 0, schema: 0, load: 0, transform: 0, done: 0 });
  const report: FuzzReport = {
    cases: 0,
    ok: 0,
    ferryErrors: 0,
    endedAt: { bytes: zero(), fields: zero() },
    failures: [],
    maxRssGrowthBytes: 0,
    maxRssGrowthFieldsBytes: 0,
    maxCaseMs: 0,
  };
  const rss0 = process.memoryUsage().rss;
  const run = async (c: FuzzCase, structured = false): Promise<void> => {
    const t0 = performance.now();
    try {
      const stage = await runCase(target, c);
      (structured ? report.endedAt.fields : report.endedAt.bytes)[stage]++;
      if (stage === 'done') report.ok++;
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
    if (report.cases % 256 === 0) {
      const growth = process.memoryUsage().rss - rss0;
      if (structured) report.maxRssGrowthFieldsBytes = Math.max(report.maxRssGrowthFieldsBytes, growth);
      else report.maxRssGrowthBytes = Math.max(report.maxRssGrowthBytes, growth);
    }
  };
  for (const c of corpusCases()) {
    if (c.kind === 'dump') {
      // A dump case in the corpus is the mutated step file of the target dump at the path in its description.
      const file = /fields of (\S+):/.exec(c.description)?.[1] ?? '';
      const storage = new MemoryStorage();
      for (const [key, b] of target.dump) await storage.write(key, key === file ? c.bytes : b);
      await run({ ...c, storage, file }, true);
    } else {
      const file = /fields of (\S+):/.exec(c.description)?.[1];
      await run(file ? { ...c, file } : c, file !== undefined);
    }
  }
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
  const byteRuns = Math.ceil(options.numRuns / 2);
  await fc.assert(
    fc.asyncProperty(arb, async (c) => {
      await run(c);
    }),
    { numRuns: byteRuns, seed: options.seed },
  );
  report.maxRssGrowthBytes = Math.max(report.maxRssGrowthBytes, process.memoryUsage().rss - rss0);
  const stepFiles = [...target.dump.keys()].filter((k) => k.endsWith('.ferry'));
  await fc.assert(
    fc.asyncProperty(fieldMutationArbitrary(stepFiles), async ({ file, mutation, seed, asPack }) => {
      const header = openStepFile(target.dump.get(file) as Uint8Array, hasher);
      const what = applyMutation(header, mutation, seed);
      const bytes = sealStepFile(header, hasher);
      const storage = new MemoryStorage();
      for (const [key, b] of target.dump) await storage.write(key, key === file ? bytes : b);
      const description = `fields of ${file}: ${what} (mutation ${mutation}, seed ${seed})`;
      if (asPack)
        await run({ kind: 'pack', bytes: await pack(storage, 'm'), file, description: `pack, ${description}` }, true);
      else await run({ kind: 'dump', bytes, storage, file, description: `dump, ${description}` }, true);
    }),
    { numRuns: options.numRuns - byteRuns, seed: options.seed + 1 },
  );
  report.maxRssGrowthFieldsBytes = Math.max(report.maxRssGrowthFieldsBytes, process.memoryUsage().rss - rss0);
  return report;
}
