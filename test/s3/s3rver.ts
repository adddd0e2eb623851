/**
 * A real S3-compatible server for the tests: s3rver (npm, a devDependency) on 127.0.0.1 on a free port,
 * storing into a temporary folder, with one bucket. s3rver checks SigV4 signatures against its one
 * account (S3RVER / S3RVER), so wrong credentials get S3's own 403 answers.
 *
 * One fix to s3rver, so that it keeps S3's promise that a PUT replaces an object whole: s3rver 3.7.1's
 * file store truncates and rewrites the object file in place, answers before that write has finished,
 * and writes the object, its MD5 and its metadata as three files, so two PUTs of one key at once can
 * leave one's bytes with the other's metadata for good. {@link makeS3rverWritesAtomic} makes its
 * `putObject` write to a temporary file, rename it over the object, then write the metadata, one PUT
 * per key at a time. Readers can still catch the object renamed but its metadata not yet written (a
 * moment); S3Storage's checksum check catches that and reads again, which is what it is for.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { S3Storage, type S3StorageOptions } from '../../adapters/s3.ts';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

interface S3rverObject {
  readonly bucket: string;
  readonly key: string;
  readonly content: Buffer | Readable;
  readonly metadata: Record<string, string>;
}
interface FilesystemStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5: string): Promise<void>;
  putObject(object: S3rverObject): Promise<{ size: number; md5: string }>;
}

/** See the file's comment: s3rver's putObject made atomic per key, as S3's PUT is. */
function makeS3rverWritesAtomic(): void {
  const require = createRequire(import.meta.url);
  const Store = require('s3rver/lib/stores/filesystem') as { prototype: FilesystemStore & { ferryAtomic?: true } };
  if (Store.prototype.ferryAtomic) return;
  Store.prototype.ferryAtomic = true;
  const queues = new Map<string, Promise<unknown>>();
  Store.prototype.putObject = async function putObject(this: FilesystemStore, object: S3rverObject) {
    const id = `${object.bucket}/${object.key}`;
    const run = (queues.get(id) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        let content: Buffer;
        if (Buffer.isBuffer(object.content)) content = object.content;
        else {
          const chunks: Buffer[] = [];
          for await (const chunk of object.content) chunks.push(chunk as Buffer);
          content = Buffer.concat(chunks);
        }
        const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
        await mkdir(dirname(objectPath), { recursive: true });
        const temp = `${objectPath}.${randomBytes(6).toString('hex')}.tmp`;
        await writeFile(temp, content);
        await rename(temp, objectPath);
        const md5 = createHash('md5').update(content).digest('hex');
        await this.putMetadata(object.bucket, object.key, object.metadata, md5);
        return { size: content.length, md5 };
      });
    queues.set(id, run);
    try {
      return await run;
    } finally {
      if (queues.get(id) === run) queues.delete(id);
    }
  };
}

/** s3rver's one account. */
export const S3RVER_KEY = 'S3RVER';
export const S3RVER_SECRET = 'S3RVER';
/** The bucket the tests use. */
export const TEST_BUCKET = 'ferry-test';

/** A running server. */
export interface RunningS3 {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1 (a free port) with {@link TEST_BUCKET}. */
export async function startS3rver(): Promise<RunningS3> {
  makeS3rverWritesAtomic();
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;
  const directory = mkdtempSync(join(tmpdir(), 'ferry-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: TEST_BUCKET, configs: [] }],
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** An S3Storage on the server under a prefix of its own (so each one starts empty). */
export function storageOn(endpoint: string, options: Partial<S3StorageOptions> = {}): S3Storage {
  counter++;
  return new S3Storage({
    endpoint,
    bucket: TEST_BUCKET,
    accessKeyId: S3RVER_KEY,
    secretAccessKey: S3RVER_SECRET,
    prefix: `t${process.pid}-${Date.now().toString(36)}-${counter}`,
    ...options,
  });
}
