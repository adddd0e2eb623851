/**
 * The MLP matrix runner for Chromium: `runJob(job)` runs an MlpJob with the browser's
 * `defaultStorage` (IndexedDbStorage, one fresh database per dump, deleted afterwards). Bundled by the
 * test together with the built dist/browser/index.js and dist/browser/tfjs.js and tfjs itself (a page
 * cannot resolve the bare `@tensorflow/tfjs` import inside dist/); the Node test calls it through
 * `page.evaluate`.
 */
import { defaultStorage, detectRuntime, type StorageAdapter, setDefaultKernelSource } from 'ferryml';
import { type MlpJob, type MlpResult, runMlpJob } from './mlpJob.ts';

// Re-bundled, the browser entry's `new URL('../ferry.wasm', import.meta.url)` points next to this
// bundle; like any app that bundles ferryml, point Ferry at the served wasm.
setDefaultKernelSource(async () => new URL('/dist/ferry.wasm', location.href));

let n = 0;

/** Runs `job` in this page. */
export async function runJob(job: MlpJob): Promise<MlpResult> {
  const made: StorageAdapter[] = [];
  try {
    return await runMlpJob(
      job,
      async (label) => {
        const s = defaultStorage(`ferry-mlp-${label}-${Date.now()}-${n++}`);
        made.push(s);
        return s;
      },
      detectRuntime(),
    );
  } finally {
    for (const s of made) await (s as { destroy?: () => Promise<void> }).destroy?.();
  }
}
