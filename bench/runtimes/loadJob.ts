/**
 * The runtime-neutral half of the load benchmark: in the runtime it runs in, writes the seed dump and a
 * 64 MB float32 tensor dump into that runtime's natural storage, then times `ExecutionContext.load`
 * against the runtime's own raw read of the same files (medians, alternating which goes first).
 */
import { ExecutionContext, Identity, MemoryStorage, registerStep, type StorageAdapter } from 'ferryml';
import '../../examples/seed/IdentityWithQueue.ts';

/** A step holding one large tensor. */
class TensorHolder extends Identity {
  static readonly classId = 'bench.TensorHolder';
  weights: Float32Array = new Float32Array(0);
}
registerStep(TensorHolder);

/** A dump carried in: storage key → base64 bytes. */
export type DumpFiles = Record<string, string>;

/** Timings of one dump, in ms (medians). */
export interface LoadTiming {
  readonly bytes: number;
  readonly files: number;
  readonly loadMs: number;
  readonly rawMs: number;
  readonly ratio: number;
  /** The same load from a MemoryStorage: decoding alone, no I/O (the floor any storage can reach). */
  readonly memoryMs: number;
}

/** One runtime's answer. */
export interface LoadBenchResult {
  readonly runtime: string;
  readonly storage: string;
  readonly raw: string;
  readonly seed: LoadTiming;
  readonly tensor: LoadTiming;
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Keeps the page-touching loop of the raw read from being optimised away. */
let sink = 0;
export function touchedSink(): number {
  return sink;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function timePair(
  storage: StorageAdapter,
  name: string,
  rawRead: (key: string) => Promise<Uint8Array>,
  runs: number,
): Promise<LoadTiming> {
  const keys = await storage.list(name);
  let bytes = 0;
  const memory = new MemoryStorage();
  for (const k of keys) {
    const b = await storage.read(k);
    bytes += b.byteLength;
    await memory.write(k, b);
  }
  const fromMemory: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    await new ExecutionContext(memory).load(name);
    if (i > 0) fromMemory.push(performance.now() - t0);
  }
  const load = async () => {
    const t0 = performance.now();
    await new ExecutionContext(storage).load(name);
    return performance.now() - t0;
  };
  const raw = async () => {
    const t0 = performance.now();
    let got = 0;
    for (const k of keys) {
      const b = await rawRead(k);
      // Touch one byte per 4 KiB page, as any use of the bytes does: Bun's readFile maps a large file
      // lazily, so an untouched read measured 5 ms for 64 MB where a used one takes ~40 ms.
      let sum = 0;
      for (let i = 0; i < b.byteLength; i += 4096) sum += b[i];
      sink ^= sum;
      got += b.byteLength;
    }
    if (got !== bytes) throw new Error(`raw read of ${name} got ${got} bytes, expected ${bytes}`);
    return performance.now() - t0;
  };
  await load();
  await raw();
  const l: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      l.push(await load());
      r.push(await raw());
    } else {
      r.push(await raw());
      l.push(await load());
    }
  }
  const loadMs = median(l);
  const rawMs = median(r);
  return { bytes, files: keys.length, loadMs, rawMs, ratio: loadMs / rawMs, memoryMs: median(fromMemory) };
}

/**
 * Runs the benchmark in this runtime. `rawRead(key)` reads a key's bytes with the runtime's own
 * primitive (a file read, or one IndexedDB get); `prepareRaw` stores the bytes where it reads them,
 * when the storage's own files are not directly readable (IndexedDB).
 */
export async function runLoadJob(options: {
  readonly runtime: string;
  readonly storage: StorageAdapter;
  readonly seed: DumpFiles;
  readonly rawName: string;
  readonly rawRead: (key: string) => Promise<Uint8Array>;
  readonly prepareRaw?: (key: string, bytes: Uint8Array) => Promise<void>;
  readonly runs?: number;
}): Promise<LoadBenchResult> {
  const { storage } = options;
  for (const [key, b64] of Object.entries(options.seed)) await storage.write(key, fromBase64(b64));
  const holder = new TensorHolder({ name: 'tensor_holder' });
  holder.weights = new Float32Array((64 * 1024 * 1024) / 4);
  for (let i = 0; i < holder.weights.length; i += 1024) holder.weights[i] = i;
  await holder.save(new ExecutionContext(storage), { fullDump: true });
  if (options.prepareRaw) {
    for (const key of await storage.list('')) await options.prepareRaw(key, await storage.read(key));
  }
  const runs = options.runs ?? 9;
  const seed = await timePair(storage, 'saved_pipeline_name', options.rawRead, runs * 3);
  const tensor = await timePair(storage, 'tensor_holder', options.rawRead, runs);
  return { runtime: options.runtime, storage: storage.constructor.name, raw: options.rawName, seed, tensor };
}
