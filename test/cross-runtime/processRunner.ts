/**
 * The matrix runner for Node and Bun: reads a MatrixJob as JSON on stdin, runs it with the runtime's
 * `defaultStorage` (FileSystemStorage / BunStorage) in a temp folder, prints the MatrixResult as one
 * JSON line. Bundled by the test with `ferryml` mapped to dist/node or dist/bun.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultStorage, detectRuntime } from 'ferryml';
import { type MatrixJob, runMatrixJob } from './seedJob.ts';

let input = '';
for await (const chunk of process.stdin) input += String(chunk);
const job = JSON.parse(input) as MatrixJob;
const root = mkdtempSync(join(tmpdir(), `ferry-matrix-${detectRuntime()}-`));
try {
  const result = await runMatrixJob(job, async (label) => defaultStorage(join(root, label)), detectRuntime());
  console.log(JSON.stringify(result));
} finally {
  rmSync(root, { recursive: true, force: true });
}
