/**
 * The seed pipeline: fit, full-dump save, load and transform, medians of 20, beside Neuraxle 0.8.1's
 * figures on the same notebook (bench/peers.json, from the fixtures README). Target: each ≤ half of Neuraxle's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionContext, FileSystemStorage, type Pipeline } from 'ferryml';
import { buildSeedPipeline } from '../examples/seed/seedPipeline.ts';
import peers from './peers.json' with { type: 'json' };
import { median, ms, timeRuns } from './timing.ts';

function build(): Pipeline {
  return buildSeedPipeline('saved_pipeline_name');
}

export async function runSeedBench(runs = 20): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-seed-bench-'));
  try {
    const X = [[0], [1], [2], [3]];
    const Y = [[0], [2], [4], [6]];
    const ctx = new ExecutionContext(new FileSystemStorage(dir));
    const pipeline = build();
    const fit = await timeRuns(() => build().fit(X, Y), runs, 3);
    await pipeline.fit(X, Y);
    const save = await timeRuns(() => pipeline.save(ctx, { fullDump: true }), runs, 3);
    const saveFast = await timeRuns(() => pipeline.save(ctx, { fullDump: true, crashSafe: false }), runs, 3);
    const load = await timeRuns(() => ctx.load('saved_pipeline_name'), runs, 3);
    const loaded = await ctx.load('saved_pipeline_name');
    const transform = await timeRuns(() => loaded.transform(X), runs, 3);
    const files = await new FileSystemStorage(dir).list('');
    let bytes = 0;
    for (const f of files) bytes += (await new FileSystemStorage(dir).read(f)).byteLength;
    const ours = { fit: median(fit), save: median(save), load: median(load), transform: median(transform) };
    console.log(`seed.bench — the seed pipeline, medians of ${runs} (Neuraxle 0.8.1 figures: ${peers.source})`);
    for (const key of ['fit', 'save', 'load', 'transform'] as const) {
      const theirs = peers.neuraxle_seed_ms[key];
      console.log(
        `  ${key.padEnd(9)} ${ms(ours[key]).padStart(10)}  Neuraxle ${ms(theirs).padStart(9)}  → ${(ours[key] / theirs).toFixed(2)}× (target ≤ 0.5×)`,
      );
    }
    const fast = median(saveFast);
    console.log(
      `  save, crashSafe: false (each file still atomic) ${ms(fast)} → ${(fast / peers.neuraxle_seed_ms.save).toFixed(2)}×`,
    );
    console.log(
      `  dump: ${files.length} files, ${bytes} bytes (Neuraxle: ${peers.neuraxle_dump.files} files, ${peers.neuraxle_dump.bytes} bytes)`,
    );
    return ours;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runSeedBench();
