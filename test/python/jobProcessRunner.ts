/**
 * Node and Bun runner of the scikit-learn job: reads `{name: ModelJob}` as JSON on stdin, prints the JobResult as
 * one JSON line. Bundled by the test with `ferryml` mapped to dist/node or dist/bun.
 */
import { type ModelJob, runModelJobs } from './sklearnJob.ts';

let input = '';
for await (const chunk of process.stdin) input += String(chunk);
console.log(JSON.stringify(await runModelJobs(JSON.parse(input) as Record<string, ModelJob>)));
