/**
 * Runs the parallel job (parallelJob.ts) and prints its result as one JSON line; the first argument, if any, is the
 * crash module's URL. Node and Bun run it bundled with `ferryml` mapped to dist/node or dist/bun; Deno runs it as is,
 * with test/runtimes/deno/deno.json mapping `ferryml` to dist/deno.
 */
import { runParallelJob } from './parallelJob.ts';

const deno = (globalThis as { Deno?: { args: string[] } }).Deno;
const crashModule = deno ? deno.args[0] : process.argv[2];
console.log(JSON.stringify(await runParallelJob(crashModule)));
