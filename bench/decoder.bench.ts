/**
 * The header decoder and the schema checks (issue 11), each beside a peer measured in the same run:
 * - hostile headers (1 MB of empty maps, 1 MB of one-byte strings) against msgpackr's `unpack` of the same bytes;
 * - 10k/20k/40k object records (the issue's quadratic case): time per record must stay flat;
 * - model files with W and 2W weights: twice the weights must take at most 2.2× the time;
 * - the schema checks' share of the seed pipeline's load (target ≤ 5%).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionContext, FileSystemStorage, MemoryStorage } from 'ferryml';
import { unpack } from 'msgpackr';
import { buildSeedPipeline, SEED_INPUTS, SEED_OUTPUTS } from '../examples/seed/seedPipeline.ts';
import { decodeModelArtifacts, encodeModelArtifacts } from '../src/models/index.ts';
import { DEFAULT_DECODE_LIMITS } from '../src/saving/format/DecodeLimits.ts';
import { decodeMsgpack } from '../src/saving/format/decodeMsgpack.ts';
import { packHeader } from '../src/saving/format/encodeMsgpack.ts';
import { ObjectRef } from '../src/saving/format/refs.ts';
import { setFieldChecksForBenchmark } from '../src/schema/checkFields.ts';
import { median, ms, timeRuns } from './timing.ts';

function tryDecode(bytes: Uint8Array): string {
  try {
    decodeMsgpack(bytes, DEFAULT_DECODE_LIMITS, 'bench', 40);
    return 'decoded';
  } catch (e) {
    return `refused (${(e as Error).message.split(': ').pop()})`;
  }
}

function hostileHeaders(): [string, Uint8Array][] {
  const size = 1 << 20;
  const maps = new Uint8Array(size);
  maps[0] = 0xdd;
  new DataView(maps.buffer).setUint32(1, size - 5);
  maps.fill(0x80, 5);
  const strings = new Uint8Array(size);
  strings[0] = 0xdd;
  const n = Math.floor((size - 5) / 3);
  new DataView(strings.buffer).setUint32(1, n);
  for (let i = 0; i < n; i++) strings.set([0xa2, 0x41 + (i % 26), 0x41 + ((i / 26) % 26)], 5 + i * 3);
  return [
    ['1 MB of empty maps', maps],
    ['1 MB of two-letter strings', strings.subarray(0, 5 + n * 3)],
  ];
}

export async function runDecoderBench(): Promise<void> {
  console.log('\n== header decoder (one pass) ==');
  for (const [name, bytes] of hostileHeaders()) {
    const before = process.memoryUsage();
    const t0 = performance.now();
    const outcome = tryDecode(bytes);
    const took = performance.now() - t0;
    const after = process.memoryUsage();
    const extra = (after.heapUsed - before.heapUsed + after.arrayBuffers - before.arrayBuffers) / 2 ** 20;
    const ours = median(await timeRuns(() => tryDecode(bytes), 5));
    const peer = median(await timeRuns(() => unpack(bytes), 5));
    console.log(
      `${name}: ${outcome}; first run ${ms(took)} (+${extra.toFixed(1)} MB heap), median ${ms(ours)} — target ≤ 50 ms and ≤ 16 MB; msgpackr unpack ${ms(peer)} (ratio ${(ours / peer).toFixed(2)}×)`,
    );
  }
  let perRecord0 = 0;
  for (const n of [10_000, 20_000, 40_000]) {
    const records = Array.from({ length: n }, (_, i) => new ObjectRef('ferry.Uniform', { low: 0, high: i + 1 }));
    const bytes = packHeader({ format: 1, class: 'x', name: 'x', fields: { r: records } });
    const t = median(await timeRuns(() => decodeMsgpack(bytes, DEFAULT_DECODE_LIMITS, 'bench', 40), 5));
    const perRecord = (t * 1000) / n;
    if (n === 10_000) perRecord0 = perRecord;
    console.log(
      `${n} object records (${(bytes.byteLength / 1024).toFixed(0)} KB): ${ms(t)}, ${perRecord.toFixed(2)} µs/record (${(perRecord / perRecord0).toFixed(2)}× the 10k figure; 0.1 took 0.48 s / 1.34 s / 10.9 s)`,
    );
  }
  const modelTimes: number[] = [];
  for (const weights of [500, 1000]) {
    const specs = Array.from({ length: weights }, (_, i) => ({
      name: `layer${i}/kernel`,
      shape: [64, 16],
      dtype: 'float32' as const,
    }));
    const data = new Float32Array(weights * 64 * 16).fill(0.5);
    const topology = {
      class_name: 'Sequential',
      config: { layers: specs.map((s) => ({ class_name: 'Dense', config: { name: s.name, units: 16 } })) },
    };
    const chunks = await encodeModelArtifacts(
      { modelTopology: topology, weightSpecs: specs, weightData: data.buffer },
      'bench.ferry',
    );
    const file = new Uint8Array(chunks.reduce((a, c) => a + c.byteLength, 0));
    let at = 0;
    for (const c of chunks) {
      file.set(c, at);
      at += c.byteLength;
    }
    const t = median(await timeRuns(() => decodeModelArtifacts(file, 'bench.ferry'), 7, 2));
    modelTimes.push(t);
    console.log(`model file with ${weights} weights (${(file.byteLength / 2 ** 20).toFixed(1)} MB): decode ${ms(t)}`);
  }
  console.log(
    `model-file decode scaling: 2× the weights take ${(modelTimes[1] / modelTimes[0]).toFixed(2)}× the time (target ≤ 2.2×)`,
  );

  // Interleaved A/B in blocks: 20 loads with the field checks, 20 without (order alternating), 300 blocks each, from
  // the storage the seed benchmark loads from (FileSystemStorage) and from memory (decoding alone). Block means, not
  // single loads, so the garbage collection a load's allocations cause is charged to it.
  const root = mkdtempSync(join(tmpdir(), 'ferry-decoder-bench-'));
  try {
    for (const [label, storage] of [
      ['FileSystemStorage', new FileSystemStorage(root)],
      ['MemoryStorage', new MemoryStorage()],
    ] as const) {
      const ctx = new ExecutionContext(storage);
      const pipeline = buildSeedPipeline();
      await pipeline.fit(SEED_INPUTS, SEED_OUTPUTS);
      await pipeline.save(ctx, { fullDump: true });
      const withChecks: number[] = [];
      const without: number[] = [];
      const block = 20;
      for (let i = 0; i < 330; i++) {
        for (const on of i % 2 ? [true, false] : [false, true]) {
          setFieldChecksForBenchmark(on);
          const t0 = performance.now();
          for (let j = 0; j < block; j++) await ctx.load(pipeline.name);
          if (i >= 30) (on ? withChecks : without).push((performance.now() - t0) / block);
        }
      }
      setFieldChecksForBenchmark(true);
      const a = median(withChecks);
      const b = median(without);
      console.log(
        `seed pipeline load from ${label}: ${ms(a)} with field checks, ${ms(b)} without (checks add ${((100 * (a - b)) / b).toFixed(1)}%, ${((a - b) * 1000).toFixed(0)} µs; target ≤ 5%)`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
