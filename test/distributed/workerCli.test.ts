/**
 * `ferry worker` as a user runs it: --help exits 0 with its usage; a missing option is a usage error (exit 2); a
 * storage URL it cannot use and a Redis it cannot reach are typed errors naming them (exit 1), never a hang.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from './redisServer.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function ferry(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', ...env },
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('ferry worker', () => {
  it('--help, usage errors, unusable storage URLs and an unreachable Redis', async () => {
    const help = ferry(['worker', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.out, /^usage: ferry worker --redis <url> --storage <url>/);

    const missing = ferry(['worker', '--storage', 'file:///tmp']);
    assert.equal(missing.status, 2);
    assert.match(missing.err, /worker: missing --redis <url>/);

    const storage = ferry(['worker', '--redis', 'redis://127.0.0.1:6379', '--storage', 's3://bucket/prefix']);
    assert.equal(storage.status, 1);
    assert.match(storage.err, /Storage URL s3:\/\/bucket\/prefix: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);

    const port = await freePort();
    const redis = ferry(['worker', '--redis', `redis://127.0.0.1:${port}`, '--storage', 'file:///tmp']);
    assert.equal(redis.status, 1);
    assert.match(redis.err, new RegExp(`Redis redis://127.0.0.1:${port}: .*ECONNREFUSED`));
  });
});
