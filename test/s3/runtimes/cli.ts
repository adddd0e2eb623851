/** Deno and Bun: `<runtime> s3-cli.js <endpoint>` prints the S3 conformance results as one JSON line. */
import { runS3Cases } from './cases.ts';

declare const Deno: { args: string[] } | undefined;
declare const process: { argv: string[] } | undefined;

const endpoint = typeof Deno !== 'undefined' ? Deno.args[0] : (process?.argv[2] ?? '');
const runtime = typeof Deno !== 'undefined' ? 'deno' : 'bun';
console.log(JSON.stringify(await runS3Cases(endpoint, runtime)));
