/** Deno runner of the scikit-learn job (`ferryml` → dist/deno through test/runtimes/deno/deno.json). */
import { type ModelJob, runModelJobs } from './sklearnJob.ts';

declare const Deno: { stdin: { readable: ReadableStream<Uint8Array> } };

const jobs = JSON.parse(await new Response(Deno.stdin.readable).text()) as Record<string, ModelJob>;
console.log(JSON.stringify(await runModelJobs(jobs)));
