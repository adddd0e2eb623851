/**
 * Runs the parallel job (parallelJob.ts) and prints its result as one JSON line: Node and Bun run it bundled with
 * `ferryml` mapped to dist/node or dist/bun; Deno runs it as is, with test/runtimes/deno/deno.json mapping `ferryml`
 * to dist/deno.
 */
import { runParallelJob } from './parallelJob.ts';

console.log(JSON.stringify(await runParallelJob()));
