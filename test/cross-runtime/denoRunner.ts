/**
 * The matrix runner for Deno: reads a MatrixJob as JSON on stdin, runs it with Deno's `defaultStorage`
 * (DenoStorage) in a temp folder, prints the MatrixResult as one JSON line. `ferryml` is the built
 * package (test/runtimes/deno/deno.json maps it to dist/deno).
 */
import { defaultStorage, detectRuntime } from 'ferryml';
import { type MatrixJob, runMatrixJob } from './seedJob.ts';

declare const Deno: {
  stdin: { readable: ReadableStream<Uint8Array> };
  makeTempDir(options: { prefix: string }): Promise<string>;
  remove(path: string, options: { recursive: boolean }): Promise<void>;
};

const job = JSON.parse(await new Response(Deno.stdin.readable).text()) as MatrixJob;
const root = await Deno.makeTempDir({ prefix: 'ferry-matrix-deno-' });
try {
  const result = await runMatrixJob(job, async (label) => defaultStorage(`${root}/${label}`), detectRuntime());
  console.log(JSON.stringify(result));
} finally {
  await Deno.remove(root, { recursive: true });
}
