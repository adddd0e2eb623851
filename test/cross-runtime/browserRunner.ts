/**
 * The matrix runner for Chromium: `runJob(job)` runs a MatrixJob with the browser's `defaultStorage`
 * (IndexedDbStorage, one fresh database per dump, deleted afterwards). Bundled by the test with
 * `ferryml` mapped to /dist/browser/index.js; the Node test calls it through `page.evaluate`.
 */
import { defaultStorage, detectRuntime, type StorageAdapter } from 'ferryml';
import { type MatrixJob, type MatrixResult, runMatrixJob } from './seedJob.ts';

let n = 0;

/** Runs `job` in this page. */
export async function runJob(job: MatrixJob): Promise<MatrixResult> {
  const made: StorageAdapter[] = [];
  try {
    return await runMatrixJob(
      job,
      async (label) => {
        const s = defaultStorage(`ferry-matrix-${label}-${Date.now()}-${n++}`);
        made.push(s);
        return s;
      },
      detectRuntime(),
    );
  } finally {
    for (const s of made) await (s as { destroy?: () => Promise<void> }).destroy?.();
  }
}
