/**
 * S3Storage against a real S3-compatible server (s3rver on 127.0.0.1, started here): every adapter
 * conformance case, the 64 MB value included (multipart upload), each on a fresh prefix of one bucket.
 */
import { after, before } from 'node:test';
import { runStorageConformance } from '../conformance/storageConformance.ts';
import { type RunningS3, startS3rver, storageOn } from './s3rver.ts';

let server: RunningS3;
before(async () => {
  server = await startS3rver();
});
after(() => server.close());

runStorageConformance('S3Storage (s3rver on 127.0.0.1)', async () => storageOn(server.endpoint));
