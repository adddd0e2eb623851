/**
 * The MLP matrix runner for Deno: reads an MlpJob as JSON on stdin, runs it with Deno's
 * `defaultStorage` (DenoStorage) in a temp folder, prints the MlpResult as one JSON line. Run from the
 * repository root with `--import-map test/runtimes/deno/deno.json` (`ferryml` and `ferryml/tfjs` →
 * dist/deno) and no `--config`, so that Deno finds package.json and resolves `@tensorflow/tfjs` from
 * node_modules as an npm package (its ESM build calls `require`, which Deno only gives npm packages).
 */
import { defaultStorage, detectRuntime } from 'ferryml';
import { type MlpJob, runMlpJob } from './mlpJob.ts';

declare const Deno: {
  stdin: { readable: ReadableStream<Uint8Array> };
  makeTempDir(options: { prefix: string }): Promise<string>;
  remove(path: string, options: { recursive: boolean }): Promise<void>;
};

const job = JSON.parse(await new Response(Deno.stdin.readable).text()) as MlpJob;
const root = await Deno.makeTempDir({ prefix: 'ferry-mlp-deno-' });
try {
  const result = await runMlpJob(job, async (label) => defaultStorage(`${root}/${label}`), detectRuntime());
  console.log(JSON.stringify(result));
} finally {
  await Deno.remove(root, { recursive: true });
}
