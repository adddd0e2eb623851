/**
 * Storage named by a URL, for `ferry worker --storage` and coordinators started from the command line:
 *
 * - `s3://<bucket>[/<prefix>][?endpoint=<url>&region=<region>&addressing=path|virtual-host]`: an `S3Storage`.
 *   Credentials come from the environment only (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, optional
 *   `AWS_SESSION_TOKEN`), never from the URL, which shows in process lists. The endpoint defaults to
 *   `AWS_ENDPOINT_URL_S3`, then `AWS_ENDPOINT_URL`, then AWS's `https://s3.<region>.amazonaws.com`; the region to
 *   `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `us-east-1`.
 * - `file:///<absolute folder>`: a `FileSystemStorage` rooted there (one machine, or a shared file system).
 */
import { fileURLToPath } from 'node:url';
import { FileSystemStorage } from '../../adapters/fs.ts';
import { S3Storage } from '../../adapters/s3.ts';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';
import { InvalidStorageUrlError } from './errors.ts';

/** Where credentials and defaults come from (default `process.env`). */
export type StorageEnvironment = Readonly<Record<string, string | undefined>>;

const S3_PARAMS = new Set(['endpoint', 'region', 'addressing']);

/** The storage a URL names; an {@link InvalidStorageUrlError} saying what is wrong otherwise. */
export function openStorageUrl(url: string, env: StorageEnvironment = process.env): StorageAdapter {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidStorageUrlError(url, 'not a URL (expected s3://<bucket>[/<prefix>] or file:///<folder>)');
  }
  if (parsed.protocol === 'file:') {
    if (parsed.search !== '' || parsed.hash !== '') throw new InvalidStorageUrlError(url, 'file URLs take no query');
    return new FileSystemStorage(fileURLToPath(parsed));
  }
  if (parsed.protocol !== 's3:') {
    throw new InvalidStorageUrlError(url, `unknown scheme ${parsed.protocol} (expected s3: or file:)`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new InvalidStorageUrlError(
      '(redacted)',
      'credentials in the URL are refused (they show in process lists); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    );
  }
  for (const name of parsed.searchParams.keys()) {
    if (!S3_PARAMS.has(name)) {
      throw new InvalidStorageUrlError(url, `unknown parameter "${name}" (known: ${[...S3_PARAMS].join(', ')})`);
    }
  }
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new InvalidStorageUrlError(url, 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment');
  }
  const region = parsed.searchParams.get('region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const endpoint =
    parsed.searchParams.get('endpoint') ??
    env.AWS_ENDPOINT_URL_S3 ??
    env.AWS_ENDPOINT_URL ??
    `https://s3.${region}.amazonaws.com`;
  const addressing = parsed.searchParams.get('addressing') ?? 'path';
  if (addressing !== 'path' && addressing !== 'virtual-host') {
    throw new InvalidStorageUrlError(url, `addressing must be path or virtual-host, got "${addressing}"`);
  }
  const prefix = decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, ''));
  try {
    return new S3Storage({
      endpoint,
      bucket: parsed.hostname,
      region,
      accessKeyId,
      secretAccessKey,
      sessionToken: env.AWS_SESSION_TOKEN,
      prefix: prefix === '' ? undefined : prefix,
      addressing,
    });
  } catch (error) {
    throw new InvalidStorageUrlError(url, error instanceof Error ? error.message : String(error));
  }
}
