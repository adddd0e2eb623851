/**
 * What each save mode costs on disk (FileSystemStorage, page cache warm), medians: the default
 * crash-safe full dump is the baseline; `durable` (fsync of every file and folder) and
 * `crashSafe: false` (in place) are printed as ratios to it, for the seed pipeline (7 small files) and
 * a 24 MiB pipeline. A partial save that rewrites one step of three, and a load (pinned to one
 * generation: the generation file is read before and after), are printed beside them; the load's
 * peer is reading the same files with readFileSync.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionContext, FileSystemStorage, NDArray, type Pipeline } from 'ferryml';
import { buildSeedPipeline } from '../../examples/seed/seedPipeline.ts';
import { type Versioned, versionedPipeline } from '../../test/saving/crash/versioned.ts';
import { median, ms, timeRuns } from '../timing.ts';

interface Case {
  readonly label: string;
  readonly name: string;
  readonly make: () => Promise<Pipeline>;
  readonly runs: number;
}

async function seed(): Promise<Pipeline> {
  const p = buildSeedPipeline('seed');
  await p.fit([[0], [1], [2], [3]], [[0], [2], [4], [6]]);
  return p;
}

function large(): Promise<Pipeline> {
  const p = versionedPipeline(1);
  for (const s of p.steps as Versioned[]) s.weights = NDArray.zeros('float64', [(8 * 1024 ** 2) / 8]);
  return Promise.resolve(p);
}

export async function runSaveModesBench(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-save-modes-'));
  const results: Record<string, number> = {};
  try {
    const cases: Case[] = [
      { label: 'seed pipeline (7 files, 3 KB)', name: 'seed', make: seed, runs: 30 },
      { label: '3 steps of 8 MiB', name: 'dump', make: large, runs: 7 },
    ];
    console.log('storage/saveModes.bench — FileSystemStorage save modes, medians (ratios to the crash-safe full dump)');
    for (const c of cases) {
      const storage = new FileSystemStorage(join(dir, c.name));
      const ctx = new ExecutionContext(storage);
      const p = await c.make();
      const full = median(await timeRuns(() => p.save(ctx, { fullDump: true }), c.runs, 2));
      const durable = median(await timeRuns(() => p.save(ctx, { fullDump: true, durable: true }), c.runs, 2));
      const inPlace = median(await timeRuns(() => p.save(ctx, { fullDump: true, crashSafe: false }), c.runs, 2));
      const partial = median(
        await timeRuns(
          () => {
            p.steps[p.steps.length - 1].isInvalidated = true;
            return p.save(ctx);
          },
          c.runs,
          2,
        ),
      );
      const load = median(await timeRuns(() => ctx.load(c.name), c.runs, 2));
      const files = (await storage.list(c.name)).map((k) => join(dir, c.name, ...k.split('/')));
      const raw = median(await timeRuns(() => files.map((f) => readFileSync(f)), c.runs, 2));
      console.log(`  ${c.label}`);
      console.log(`    full dump (crash-safe, default) ${ms(full).padStart(10)}  1.00×`);
      console.log(`    durable (fsync)                 ${ms(durable).padStart(10)}  ${(durable / full).toFixed(2)}×`);
      console.log(`    crashSafe: false (in place)     ${ms(inPlace).padStart(10)}  ${(inPlace / full).toFixed(2)}×`);
      console.log(`    partial save, 1 step rewritten  ${ms(partial).padStart(10)}  ${(partial / full).toFixed(2)}×`);
      console.log(
        `    load (pinned)                   ${ms(load).padStart(10)}  readFileSync of its files ${ms(raw)} → ${(load / raw).toFixed(2)}×`,
      );
      Object.assign(results, {
        [`${c.name}.full`]: full,
        [`${c.name}.durable`]: durable,
        [`${c.name}.inPlace`]: inPlace,
        [`${c.name}.partial`]: partial,
        [`${c.name}.load`]: load,
      });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runSaveModesBench();
