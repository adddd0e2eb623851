/**
 * The conformance cases against S3Storage, runtime-neutral: bundled with the adapter (and aws4fetch) by
 * test/s3/runtimes.test.ts and run in Deno, Bun and workerd against the s3rver the Node test started.
 * The 64 MB case is left to Node (test/s3/conformance.test.ts), to keep the run short.
 */
import { S3Storage } from '../../../adapters/s3.ts';
import { type CaseResult, runCases } from '../../conformance/cases.ts';

/** Runs every case, each on a fresh prefix of the test bucket on `endpoint`. */
export function runS3Cases(endpoint: string, runtime: string): Promise<CaseResult[]> {
  let n = 0;
  const run = `${runtime}-${Date.now().toString(36)}`;
  return runCases(
    async () =>
      new S3Storage({
        endpoint,
        bucket: 'ferry-test',
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
        prefix: `${run}-${n++}`,
      }),
    { skipLarge: true },
  );
}
