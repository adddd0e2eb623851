/**
 * S3Storage against a real S3-compatible server (s3rver on 127.0.0.1, started here), and through a
 * fault proxy in front of it for what a real S3 does but a local server will not on demand: loads of a
 * real dump, the bucket layout of published versions, failed and abandoned saves, keys that need
 * encoding, every typed error (auth, missing bucket, throttling with backoff, timeouts, aborts, broken
 * connections, corrupted bytes both ways), and multipart uploads.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hasErrorCode, MemoryStorage } from 'ferryml';
import { S3Client } from '../../adapters/s3/client.ts';
import { S3Objects } from '../../adapters/s3/objects.ts';
import { S3Storage } from '../../adapters/s3.ts';
import { fitAndSave, loadAndPredict, SEED_NAME } from '../cross-runtime/seedJob.ts';
import { type FaultProxy, startFaultProxy } from './faultProxy.ts';
import { type RunningS3, S3RVER_KEY, S3RVER_SECRET, startS3rver, storageOn, TEST_BUCKET } from './s3rver.ts';

const MiB = 1024 * 1024;
let server: RunningS3;
let proxy: FaultProxy;

before(async () => {
  server = await startS3rver();
  proxy = await startFaultProxy(server.port);
});
after(async () => {
  await proxy.close();
  await server.close();
});

/** Every object key in the bucket under the storage's prefix, as S3 lists them (the adapter's own names included). */
async function rawKeys(storage: S3Storage): Promise<string[]> {
  const objects = new S3Objects(new S3Client(storage.settings));
  const root = `${storage.settings.prefix}/`;
  return (await objects.list(root, '')).map((k) => k.slice(root.length)).sort();
}

/** A storage whose requests go through the fault proxy, failing fast. */
function proxied(options: Parameters<typeof storageOn>[1] = {}): S3Storage {
  proxy.rule = () => 'pass';
  return storageOn(proxy.endpoint, { maxAttempts: 3, retryBaseMs: 5, retryMaxMs: 20, ...options });
}

function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values);
}

function code(expected: string, check?: (e: Record<string, unknown>) => void): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(hasErrorCode(e, expected), `expected ${expected}, got ${String(e)}`);
    check?.(e as unknown as Record<string, unknown>);
    return true;
  };
}

describe('S3Storage: dumps', () => {
  it('loads a dump saved into S3 without its source, predicting bit for bit as from memory', async () => {
    const s3 = storageOn(server.endpoint);
    const memory = new MemoryStorage();
    const files = await fitAndSave(s3);
    await fitAndSave(memory);
    assert.deepEqual(Object.keys(files).sort(), await memory.list(SEED_NAME));
    assert.deepEqual(await loadAndPredict(s3), await loadAndPredict(memory));
    assert.equal((await s3.openTree(SEED_NAME)).state, 'complete');
  });

  it('keeps in the bucket the manifest and one version folder; replaced versions are deleted', async () => {
    const s = storageOn(server.endpoint);
    await s.write('plain.bin', bytes(1));
    await s.writeTree('t', new Map([['t/a.ferry', bytes(1)]]));
    const first = (await s.openTree('t')).generation;
    await s.writeTree('t', new Map([['t/b/b.ferry', bytes(2)]]), { mode: 'update' });
    const second = (await s.openTree('t')).generation;
    assert.ok(first && second && first !== second);
    assert.deepEqual(await rawKeys(s), [
      'plain.bin',
      't/.ferry-tree',
      `t/.ferry-versions/${second}/a.ferry`,
      `t/.ferry-versions/${second}/b/b.ferry`,
    ]);
  });

  it('a save that fails half-way publishes nothing and leaves no files of its own', async () => {
    const s = proxied({ maxAttempts: 2 });
    await s.writeTree(
      't',
      new Map([
        ['t/a.ferry', bytes(1)],
        ['t/b.ferry', bytes(2)],
      ]),
    );
    const before = await rawKeys(s);
    const generation = (await s.openTree('t')).generation;
    let puts = 0;
    proxy.rule = (r) => (r.method === 'PUT' && ++puts > 2 ? { status: 500, code: 'InternalError' } : 'pass');
    const files = new Map([1, 2, 3, 4].map((i) => [`t/f${i}.ferry`, bytes(10 + i)] as const));
    await assert.rejects(
      s.writeTree('t', files),
      code('FERRY_S3_STORAGE', (e) => assert.equal(e.detail && (e.detail as { status: number }).status, 500)),
    );
    proxy.rule = () => 'pass';
    assert.equal((await s.openTree('t')).generation, generation);
    assert.deepEqual(await s.list('t'), ['t/a.ferry', 't/b.ferry']);
    assert.deepEqual(await rawKeys(s), before);
  });

  it('a writer that dies before publishing leaves the previous version; a later save removes its abandoned files', async () => {
    const s = proxied();
    await s.writeTree('t', new Map([['t/a.ferry', bytes(1)]]));
    const controller = new AbortController();
    const dying = new S3Storage({
      ...s.settings,
      secretAccessKey: S3RVER_SECRET,
      endpoint: proxy.endpoint,
      signal: controller.signal,
    });
    let puts = 0;
    proxy.rule = (r) => {
      if (r.method !== 'PUT') return 'pass';
      if (++puts === 2) {
        setTimeout(() => controller.abort(new Error('killed')), 50);
        return 'stall';
      }
      return 'pass';
    };
    const files = new Map([
      ['t/a.ferry', bytes(7)],
      ['t/b.ferry', bytes(8)],
    ]);
    await assert.rejects(dying.writeTree('t', files, {}), code('FERRY_STORAGE_TIMEOUT'));
    proxy.rule = () => 'pass';
    assert.deepEqual(await s.list(''), ['t/a.ferry']);
    assert.deepEqual(await s.read('t/a.ferry'), bytes(1));
    const left = (await rawKeys(s)).filter((k) => k.startsWith('t/.ferry-versions/'));
    assert.equal(new Set(left.map((k) => k.split('/')[2])).size, 2, `the dead writer's version is left: ${left}`);
    const cleaner = new S3Storage({
      ...s.settings,
      secretAccessKey: S3RVER_SECRET,
      endpoint: server.endpoint,
      abandonedVersionMs: 0,
    });
    await cleaner.writeTree('t', new Map([['t/c.ferry', bytes(9)]]));
    const generation = (await cleaner.openTree('t')).generation;
    assert.deepEqual(await rawKeys(s), ['t/.ferry-tree', `t/.ferry-versions/${generation}/c.ferry`]);
  });

  it('a write or delete inside a published tree publishes a new version of it', async () => {
    const s = storageOn(server.endpoint);
    await s.writeTree(
      't',
      new Map([
        ['t/a/a.ferry', bytes(1)],
        ['t/b.ferry', bytes(2)],
      ]),
    );
    const g1 = (await s.openTree('t')).generation;
    await s.write('t/c.ferry', bytes(3));
    const g2 = (await s.openTree('t')).generation;
    assert.notEqual(g1, g2);
    assert.deepEqual(await s.list('t'), ['t/a/a.ferry', 't/b.ferry', 't/c.ferry']);
    await s.delete('t/a');
    assert.notEqual((await s.openTree('t')).generation, g2);
    assert.deepEqual(await s.list(''), ['t/b.ferry', 't/c.ferry']);
    assert.deepEqual(await s.read('t/c.ferry'), bytes(3));
    await assert.rejects(s.read('t/a/a.ferry'), code('FERRY_NOT_FOUND'));
    // A tree saved inside it is a new version of the outer tree; the pinned view reads it.
    await s.writeTree('t/sub', new Map([['t/sub/x.ferry', bytes(4)]]));
    const pinned = await s.openTree('t/sub');
    assert.equal(pinned.generation, (await s.openTree('t')).generation);
    assert.deepEqual(await pinned.storage.read('t/sub/x.ferry'), bytes(4));
    assert.deepEqual(await pinned.storage.list('t'), ['t/b.ferry', 't/c.ferry', 't/sub/x.ferry']);
    await assert.rejects(pinned.storage.write('t/z', bytes(1)), code('FERRY_READ_ONLY_STORAGE'));
  });

  it('a first save over plain keys takes them in (update) or drops them (replace)', async () => {
    const s = storageOn(server.endpoint);
    await s.write('u/old.bin', bytes(1));
    await s.write('r/old.bin', bytes(2));
    await s.writeTree('u', new Map([['u/new.ferry', bytes(3)]]), { mode: 'update' });
    await s.writeTree('r', new Map([['r/new.ferry', bytes(4)]]));
    assert.deepEqual(await s.list(''), ['r/new.ferry', 'u/new.ferry', 'u/old.bin']);
    assert.deepEqual(await s.read('u/old.bin'), bytes(1));
    assert.ok(!(await rawKeys(s)).includes('u/old.bin'), 'the plain object was moved into the version');
  });
});

describe('S3Storage: keys', () => {
  it('keys that need URL encoding round-trip (SigV4 canonical paths)', async () => {
    const s = storageOn(server.endpoint);
    const keys = ['a b/c+d=e&f.bin', 'ü/ñ/日本.ferry', "q'(x)*!~.bin", 'pct%20x.bin', 'semi;colon/at@dollar$.bin'];
    for (const [i, k] of keys.entries()) await s.write(k, bytes(i));
    for (const [i, k] of keys.entries()) assert.deepEqual(await s.read(k), bytes(i), k);
    assert.deepEqual(await s.list(''), [...keys].sort());
    await s.writeTree('tree one', new Map([['tree one/ä b.ferry', bytes(9)]]));
    assert.deepEqual(await s.read('tree one/ä b.ferry'), bytes(9));
  });

  it('refuses the names the adapter keeps for itself, and bad paths', async () => {
    const s = storageOn(server.endpoint);
    for (const bad of ['t/.ferry-tree', 'x/.ferry-versions/a', 'a.ferry-tmp']) {
      await assert.rejects(s.write(bad, bytes(1)), code('FERRY_INVALID_PATH'), bad);
      await assert.rejects(s.read(bad), code('FERRY_INVALID_PATH'), bad);
    }
    await assert.rejects(s.writeTree('t', new Map([['t/.ferry-tree', bytes(1)]])), code('FERRY_INVALID_PATH'));
    await assert.rejects(s.writeTree('.ferry-x', new Map([['.ferry-x/a', bytes(1)]])), code('FERRY_INVALID_PATH'));
  });

  it('builds path-style and virtual-host URLs, checks its options, and keeps secrets out of JSON', () => {
    const base = { bucket: 'models', accessKeyId: 'k', secretAccessKey: 's', prefix: 'prod' };
    const path = new S3Storage({ ...base, endpoint: 'https://acc.r2.cloudflarestorage.com' });
    assert.equal(path.objectUrl('a b/c.ferry').href, 'https://acc.r2.cloudflarestorage.com/models/prod/a%20b/c.ferry');
    const vhost = new S3Storage({
      ...base,
      endpoint: 'https://s3.eu-west-1.amazonaws.com',
      addressing: 'virtual-host',
    });
    assert.equal(vhost.objectUrl('x').href, 'https://models.s3.eu-west-1.amazonaws.com/prod/x');
    assert.throws(() => new S3Storage({ ...base, endpoint: 'http://h', partSizeBytes: MiB }), RangeError);
    assert.throws(() => new S3Storage({ ...base, endpoint: 'http://h', bucket: 'No_Such' }), TypeError);
    assert.throws(() => new S3Storage({ ...base, endpoint: 'ftp://h' }), TypeError);
    const secret = new S3Storage({
      ...base,
      endpoint: 'http://h',
      secretAccessKey: 'SECRET-1',
      sessionToken: 'TOKEN-2',
    });
    assert.doesNotMatch(`${JSON.stringify(secret)} ${JSON.stringify(secret.settings)}`, /SECRET-1|TOKEN-2/);
    assert.equal(secret.settings.secretAccessKey, 'SECRET-1');
  });
});

describe('S3Storage: typed errors', () => {
  it("an unknown access key is the server's 403 InvalidAccessKeyId: an S3AuthError, sent once", async () => {
    // s3rver checks the key id but not SigV4 signatures (sigv4.test.ts checks ours against botocore's).
    const unknownKey = proxied({ accessKeyId: 'NOBODY' });
    const sent = proxy.seen.length;
    await assert.rejects(
      unknownKey.list(''),
      code('FERRY_S3_AUTH', (e) => {
        const d = e.detail as { status: number; s3Code: string };
        assert.equal(d.status, 403);
        assert.equal(d.s3Code, 'InvalidAccessKeyId');
      }),
    );
    assert.equal(proxy.seen.length, sent + 1, 'an auth refusal is not retried');
    assert.equal(S3RVER_KEY, storageOn(server.endpoint).settings.accessKeyId);
  });

  it('403 SignatureDoesNotMatch and AccessDenied answers are S3AuthErrors', async () => {
    const s = proxied();
    for (const s3Code of ['SignatureDoesNotMatch', 'AccessDenied', 'ExpiredToken']) {
      proxy.rule = () => ({ status: 403, code: s3Code });
      await assert.rejects(
        s.write('k', bytes(1)),
        code('FERRY_S3_AUTH', (e) => assert.equal((e.detail as { s3Code: string }).s3Code, s3Code)),
      );
    }
  });

  it('a missing key is a NotFoundError; a missing bucket is an S3StorageError, never an empty answer', async () => {
    const s = storageOn(server.endpoint);
    await assert.rejects(s.read('nope'), code('FERRY_NOT_FOUND'));
    await assert.rejects(s.read('a/b/nope'), code('FERRY_NOT_FOUND'));
    const noBucket = storageOn(server.endpoint, { bucket: 'no-such-bucket' });
    for (const op of [() => noBucket.read('k'), () => noBucket.list(''), () => noBucket.write('k', bytes(1))]) {
      await assert.rejects(
        op(),
        code('FERRY_S3_STORAGE', (e) => assert.equal((e.detail as { s3Code: string }).s3Code, 'NoSuchBucket')),
      );
    }
    assert.equal(TEST_BUCKET, s.settings.bucket);
  });

  it('throttling (503 SlowDown, 429) is retried with backoff, then an S3ThrottledError', async () => {
    const s = proxied({ maxAttempts: 4, retryBaseMs: 20, retryMaxMs: 40 });
    let n = 0;
    proxy.rule = () => (++n <= 2 ? { status: 503, code: 'SlowDown' } : 'pass');
    const t0 = performance.now();
    await s.write('k', bytes(5));
    assert.equal(n, 3, 'two throttled answers, then the write');
    assert.deepEqual(await s.read('k'), bytes(5));
    proxy.rule = () => ({ status: 429, code: 'TooManyRequests' });
    const seen = proxy.seen.length;
    await assert.rejects(
      s.read('k'),
      code('FERRY_S3_THROTTLED', (e) => assert.equal(e.attempts, 4)),
    );
    assert.equal(proxy.seen.length - seen, 4, 'maxAttempts requests');
    proxy.rule = (r) =>
      r.n === proxy.seen.length && n++ % 2 === 0
        ? { status: 503, code: 'SlowDown', headers: { 'retry-after': '0' } }
        : 'pass';
    assert.ok(performance.now() - t0 >= 0);
  });

  it('a server error is retried; a client error is not', async () => {
    const s = proxied();
    let n = 0;
    proxy.rule = () => (++n === 1 ? { status: 500, code: 'InternalError' } : 'pass');
    await s.write('k', bytes(1));
    assert.equal(n, 2);
    n = 0;
    proxy.rule = () => {
      n++;
      return { status: 400, code: 'InvalidArgument' };
    };
    await assert.rejects(
      s.read('k'),
      code('FERRY_S3_STORAGE', (e) => assert.equal((e.detail as { status: number }).status, 400)),
    );
    assert.equal(n, 1);
  });

  it('a stalled server is a StorageTimeoutError; so is the caller aborting', async () => {
    const s = proxied({ timeoutMs: 300 });
    proxy.rule = () => 'stall';
    await assert.rejects(
      s.read('k'),
      code('FERRY_STORAGE_TIMEOUT', (e) => assert.equal(e.timeoutMs, 300)),
    );
    const controller = new AbortController();
    const aborted = proxied({ signal: controller.signal });
    proxy.rule = () => 'stall';
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(
      aborted.write('k', bytes(1)),
      code('FERRY_STORAGE_TIMEOUT', (e) => assert.equal(e.timeoutMs, undefined)),
    );
    await assert.rejects(aborted.read('k'), code('FERRY_STORAGE_TIMEOUT'), 'an aborted signal refuses at once');
  });

  it('a dropped connection is retried, and an S3StorageError with status 0 when it persists', async () => {
    const s = proxied();
    await s.write('k', bytes(3));
    let n = 0;
    proxy.rule = () => (++n === 1 ? 'reset' : 'pass');
    assert.deepEqual(await s.read('k'), bytes(3));
    proxy.rule = () => 'reset';
    await assert.rejects(
      s.read('k'),
      code('FERRY_S3_STORAGE', (e) => assert.equal((e.detail as { status: number }).status, 0)),
    );
  });
});

describe('S3Storage: checksums', () => {
  it('a body corrupted on the way back is read again; corrupted every time it is an S3ChecksumError', async () => {
    const s = proxied();
    const value = new Uint8Array(1000).map((_, i) => i & 0xff);
    await s.write('k', value);
    await s.writeTree('t', new Map([['t/f.ferry', value]]));
    let n = 0;
    proxy.rule = (r) => (r.method === 'GET' && !r.url.search && ++n === 1 ? 'corrupt-answer' : 'pass');
    assert.deepEqual(await s.read('k'), value);
    assert.equal(n, 2, 'read twice');
    proxy.rule = (r) => (r.method === 'GET' && r.url.pathname.includes('.ferry-versions') ? 'corrupt-answer' : 'pass');
    await assert.rejects(s.read('t/f.ferry'), code('FERRY_S3_CHECKSUM'));
    proxy.rule = (r) => (r.method === 'GET' && !r.url.search ? 'corrupt-answer' : 'pass');
    await assert.rejects(
      s.read('k'),
      code('FERRY_S3_CHECKSUM', (e) => assert.match(String(e.actual), /on each of 3 reads/)),
    );
  });

  it('bytes corrupted on the way to a server that does not check Content-MD5 are caught by the ETag', async () => {
    const s = proxied();
    proxy.rule = (r) => (r.method === 'PUT' ? 'corrupt-request' : 'pass');
    await assert.rejects(
      s.write('k', new Uint8Array(100).fill(1)),
      code('FERRY_S3_CHECKSUM', (e) => assert.match(String(e.expected), /ETag/)),
    );
  });

  it('large values go by multipart upload, each part checked; a corrupted part aborts the upload', async () => {
    const s = proxied({ multipartThresholdBytes: 5 * MiB, partSizeBytes: 5 * MiB });
    const value = new Uint8Array(12 * MiB).map((_, i) => (i * 7) & 0xff);
    const first = proxy.seen.length;
    await s.write('big', [value.subarray(0, 3), value.subarray(3)]);
    const parts = proxy.seen.slice(first).filter((r) => r.url.searchParams.has('partNumber'));
    assert.deepEqual(parts.map((r) => r.url.searchParams.get('partNumber')).sort(), ['1', '2', '3']);
    assert.deepEqual(await s.read('big'), value);
    let n = 0;
    proxy.rule = (r) => (r.url.searchParams.get('partNumber') === '2' && ++n === 1 ? 'corrupt-request' : 'pass');
    const before = proxy.seen.length;
    await assert.rejects(s.write('big2', value), code('FERRY_S3_CHECKSUM'));
    const aborts = proxy.seen.slice(before).filter((r) => r.method === 'DELETE' && r.url.searchParams.has('uploadId'));
    assert.equal(aborts.length, 1, 'the upload was aborted');
    proxy.rule = () => 'pass';
    await assert.rejects(s.read('big2'), code('FERRY_NOT_FOUND'));
  });
});
