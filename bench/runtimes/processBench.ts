/**
 * Load benchmark runner for Node and Bun (bundled with `ferryml` mapped to dist/node or dist/bun):
 * reads the seed dump as JSON on stdin, prints a LoadBenchResult as one JSON line. The raw read is
 * `node:fs/promises` `readFile`, the fastest whole-file read in both (in Bun it beat `Bun.file()`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultStorage, detectRuntime } from 'ferryml';
import { type DumpFiles, runLoadJob } from './loadJob.ts';

let input = '';
for await (const chunk of process.stdin) input += String(chunk);
const root = mkdtempSync(join(tmpdir(), 'ferry-load-bench-'));
try {
  const result = await runLoadJob({
    runtime: detectRuntime(),
    storage: defaultStorage(root),
    seed: JSON.parse(input) as DumpFiles,
    rawName: 'fs.readFile',
    rawRead: async (key) => readFile(join(root, key)),
  });
  console.log(JSON.stringify(result));
} finally {
  rmSync(root, { recursive: true, force: true });
}
