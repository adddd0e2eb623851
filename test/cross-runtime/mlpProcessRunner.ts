/**
 * The MLP matrix runner for Node and Bun: reads an MlpJob as JSON on stdin, runs it with the runtime's
 * `defaultStorage` (FileSystemStorage / BunStorage) in a temp folder, prints the MlpResult as one JSON
 * line. Bundled by the test with `ferryml` and `ferryml/tfjs` mapped to dist/node or dist/bun and
 * `@tensorflow/*` left to the runtime's own resolution (node_modules), as the built package does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultStorage, detectRuntime } from 'ferryml';
import { type MlpJob, runMlpJob } from './mlpJob.ts';

let input = '';
for await (const chunk of process.stdin) input += String(chunk);
const job = JSON.parse(input) as MlpJob;
const root = mkdtempSync(join(tmpdir(), `ferry-mlp-${detectRuntime()}-`));
try {
  const result = await runMlpJob(job, async (label) => defaultStorage(join(root, label)), detectRuntime());
  console.log(JSON.stringify(result));
} finally {
  rmSync(root, { recursive: true, force: true });
}
