/**
 * Load benchmark runner for Deno (`ferryml` mapped to dist/deno by test/runtimes/deno/deno.json): reads
 * the seed dump as JSON on stdin, prints a LoadBenchResult as one JSON line. Raw read: `Deno.readFile`.
 */
import { defaultStorage, detectRuntime } from 'ferryml';
import { type DumpFiles, runLoadJob } from './loadJob.ts';

declare const Deno: {
  stdin: { readable: ReadableStream<Uint8Array> };
  makeTempDir(options: { prefix: string }): Promise<string>;
  remove(path: string, options: { recursive: boolean }): Promise<void>;
  readFile(path: string): Promise<Uint8Array>;
};

const seed = JSON.parse(await new Response(Deno.stdin.readable).text()) as DumpFiles;
const root = await Deno.makeTempDir({ prefix: 'ferry-load-bench-' });
try {
  const result = await runLoadJob({
    runtime: detectRuntime(),
    storage: defaultStorage(root),
    seed,
    rawName: 'Deno.readFile',
    rawRead: (key) => Deno.readFile(`${root}/${key}`),
  });
  console.log(JSON.stringify(result));
} finally {
  await Deno.remove(root, { recursive: true });
}
