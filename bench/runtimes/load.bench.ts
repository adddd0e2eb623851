/**
 * Load time of the seed dump and of a 64 MB tensor dump in Node, Deno, Bun and Chromium, each through
 * its natural storage (FileSystemStorage, DenoStorage, BunStorage, IndexedDbStorage) and importing the
 * BUILT ferryml, as a ratio to that runtime's own raw read of the same bytes. Target ≤ 1.5× everywhere.
 * A runtime that cannot start is reported and skipped.
 */
import { join } from 'node:path';
import { MemoryStorage } from 'ferryml';
import { fitAndSave } from '../../test/cross-runtime/seedJob.ts';
import { EXECUTABLES, unavailableReason } from '../../test/runtimes/availability.ts';
import { ensureBuilt, ROOT } from '../../test/runtimes/build.ts';
import { bundleScript, distImport } from '../../test/runtimes/bundle.ts';
import { launchChromium, openModulePage } from '../../test/runtimes/chromium.ts';
import { startStaticServer } from '../../test/runtimes/server.ts';
import { runJson } from '../../test/runtimes/spawn.ts';
import type { LoadBenchResult } from './loadJob.ts';

declare const __ferryTest: typeof import('./browserBench.ts');

const TARGET = 1.5;

async function inChromium(seed: string): Promise<LoadBenchResult> {
  await bundleScript('bench/runtimes/browserBench.ts', 'bench-browser.js', distImport('/dist', 'browser'), 'browser');
  const server = await startStaticServer();
  const browser = await launchChromium();
  try {
    const { page } = await openModulePage(browser, server, 'bench', 'bench-browser.js');
    return await page.evaluate((s) => __ferryTest.run(JSON.parse(s)), seed);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Runs the benchmark in every runtime that can start; prints and returns the results. */
export async function runRuntimeLoadBench(): Promise<LoadBenchResult[]> {
  await ensureBuilt();
  const seed = JSON.stringify(await fitAndSave(new MemoryStorage()));
  const dist = join(ROOT, 'dist');
  const results: LoadBenchResult[] = [];
  const node = await bundleScript('bench/runtimes/processBench.ts', 'bench-node.js', distImport(dist, 'node'), 'node');
  results.push(await runJson(process.execPath, [node], seed, 300_000));
  if (unavailableReason('deno') === null) {
    const args = ['run', '--config', join(ROOT, 'test/runtimes/deno/deno.json'), '--allow-read', '--allow-write'];
    results.push(await runJson(EXECUTABLES.deno, [...args, join(ROOT, 'bench/runtimes/denoBench.ts')], seed, 300_000));
  } else console.warn(`load.bench: Deno skipped: ${unavailableReason('deno')}`);
  if (unavailableReason('bun') === null) {
    const bun = await bundleScript('bench/runtimes/processBench.ts', 'bench-bun.js', distImport(dist, 'bun'), 'node');
    results.push(await runJson(EXECUTABLES.bun, [bun], seed, 300_000));
  } else console.warn(`load.bench: Bun skipped: ${unavailableReason('bun')}`);
  if (unavailableReason('chromium') === null) results.push(await inChromium(seed));
  else console.warn(`load.bench: Chromium skipped: ${unavailableReason('chromium')}`);

  console.log('runtimes/load.bench — load through the natural storage vs the runtime’s raw read (medians)');
  for (const r of results) {
    for (const [label, t] of [
      ['seed dump  ', r.seed],
      ['64 MB dump ', r.tensor],
    ] as const) {
      const mark = t.ratio <= TARGET ? 'ok' : 'OVER TARGET';
      console.log(
        `  ${r.runtime.padEnd(8)} ${label} ${t.files} files ${(t.bytes / 1024).toFixed(0).padStart(6)} KiB: ` +
          `load ${t.loadMs.toFixed(3)} ms vs ${r.raw} ${t.rawMs.toFixed(3)} ms → ${t.ratio.toFixed(2)}× ` +
          `(target ≤ ${TARGET}×, ${mark}) [${r.storage}; decode alone, from memory: ${t.memoryMs.toFixed(3)} ms]`,
      );
    }
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await runRuntimeLoadBench();
