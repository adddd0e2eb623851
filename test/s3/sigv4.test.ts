/**
 * s3rver checks the access key id but not SigV4 signatures, so the signatures S3Storage sends are
 * checked here against botocore's (Debian's python3-botocore, run by /usr/bin/python3): every request
 * of a session that uses each operation (single and multipart uploads, copies, listings, batch deletes)
 * and keys that need encoding, with and without a session token, as a server would rebuild it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { S3Storage } from '../../adapters/s3.ts';
import { type FaultProxy, type SeenRequest, startFaultProxy } from './faultProxy.ts';
import { type RunningS3, S3RVER_SECRET, startS3rver, storageOn } from './s3rver.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./verify_sigv4.py', import.meta.url));
const MiB = 1024 * 1024;

interface Verdict {
  readonly method: string;
  readonly url: string;
  readonly ok: boolean;
  readonly signedHeaders: string[];
  readonly canonical: string;
}

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

/** Why botocore cannot run here, or null. Missing under CI=true is a failure. */
function botocoreMissing(t: TestContext): boolean {
  const r = spawnSync(PYTHON, ['-c', 'import botocore'], { encoding: 'utf8' });
  if (r.status === 0) return false;
  const reason = `${PYTHON} cannot import botocore (apt-get install python3-botocore): ${r.stderr.trim().split('\n').pop()}`;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
  console.warn(`\n!!! SKIPPED: ${reason}\n`);
  t.skip(reason);
  return true;
}

function verify(requests: readonly SeenRequest[], token?: string): Verdict[] {
  const input = JSON.stringify({
    secret: S3RVER_SECRET,
    token,
    requests: requests.map((r) => ({ method: r.method, rawUrl: r.rawUrl, headers: r.headers })),
  });
  const r = spawnSync(PYTHON, [SCRIPT], { input, encoding: 'utf8', maxBuffer: 64 * MiB });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Verdict[];
}

/** Runs every kind of request S3Storage sends. */
async function session(s: S3Storage): Promise<void> {
  await s.write('plain.bin', new Uint8Array([1, 2, 3]));
  await s.write('a b/c+d=e&f;g@h$.bin', new Uint8Array([4]));
  await s.write("ü/日本/q'(x)*!~%.bin", new Uint8Array([5]));
  await s.write('empty', new Uint8Array(0));
  await s.write('multi', new Uint8Array(6 * MiB).fill(3));
  await s.writeTree('tree one', new Map([['tree one/ä.ferry', new Uint8Array([6])]]));
  await s.write('tree one/more.ferry', new Uint8Array([7]));
  await s.read('plain.bin');
  await s.read("ü/日本/q'(x)*!~%.bin");
  await s.read('tree one/ä.ferry');
  await s.list('');
  await s.list('a b');
  await s.delete('tree one');
  await s.read('nope').catch(() => undefined);
}

describe('S3Storage SigV4 signatures, checked by botocore', () => {
  for (const token of [undefined, 'session-token/with+special=chars']) {
    it(`every request of a session is signed as botocore signs it${token ? ' (with a session token)' : ''}`, async (t) => {
      if (botocoreMissing(t)) return;
      proxy.rule = () => 'pass';
      const first = proxy.seen.length;
      await session(
        storageOn(proxy.endpoint, {
          sessionToken: token,
          region: 'eu-west-3',
          multipartThresholdBytes: 5 * MiB,
          partSizeBytes: 5 * MiB,
        }),
      );
      const requests = proxy.seen.slice(first);
      const operations = new Set(requests.map((r) => `${r.method} ${[...r.url.searchParams.keys()].sort().join('&')}`));
      for (const op of [
        'PUT ',
        'GET ',
        'GET list-type&prefix',
        'POST delete',
        'POST uploads',
        'PUT partNumber&uploadId',
        'POST uploadId',
      ]) {
        assert.ok(operations.has(op), `the session sent ${op} (sent: ${[...operations].join(' | ')})`);
      }
      assert.ok(
        requests.some((r) => r.headers['x-amz-copy-source']),
        'a CopyObject was sent',
      );
      const verdicts = verify(requests, token);
      assert.equal(verdicts.length, requests.length);
      const bad = verdicts.filter((v) => !v.ok);
      assert.deepEqual(bad, [], 'signatures botocore computes differently');
      for (const v of verdicts) {
        assert.ok(v.signedHeaders.includes('x-amz-content-sha256') && v.signedHeaders.includes('host'), v.url);
        if (token) assert.ok(v.signedHeaders.includes('x-amz-security-token'), v.url);
        assert.doesNotMatch(v.canonical, /UNSIGNED-PAYLOAD/, 'payloads are signed');
      }
      console.log(`# ${verdicts.length} requests (${operations.size} kinds) verified by botocore`);
    });
  }

  it('a wrong secret gives a signature botocore refuses', async (t) => {
    if (botocoreMissing(t)) return;
    proxy.rule = () => 'pass';
    const first = proxy.seen.length;
    await storageOn(proxy.endpoint, { secretAccessKey: 'wrong' }).write('k', new Uint8Array([1]));
    const verdicts = verify(proxy.seen.slice(first));
    assert.ok(verdicts.length > 0 && verdicts.every((v) => !v.ok));
  });
});
