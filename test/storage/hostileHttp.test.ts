/**
 * HttpStorage against hostile node:http servers on 127.0.0.1: a server that never answers, never ends
 * its body, trickles it, sends a gzip bomb, lies about its length, resets the connection, or redirects
 * to another origin. Every case ends quickly in a typed FerryError (StorageTimeoutError or
 * HttpStorageError), never a hang, a raw TypeError or DOMException, or a leaked header.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { hasErrorCode } from 'ferryml';
import { HttpStorage } from '../../adapters/http.ts';

const TIMEOUT = 'FERRY_STORAGE_TIMEOUT';
const HTTP = 'FERRY_HTTP_STORAGE';
/** Every case must settle well within this (the old HttpStorage hung forever on four of them). */
const CASE = { timeout: 10_000 };

const BOMB = gzipSync(Buffer.alloc(256 * 1024 ** 2), { level: 9 });
const seen: { path: string; headers: IncomingMessage['headers'] }[] = [];
/** The last request the servers saw for `path`. */
function lastRequest(path: string): IncomingMessage['headers'] | undefined {
  return seen.filter((s) => s.path === path).at(-1)?.headers;
}

function hostile(req: IncomingMessage, res: ServerResponse, other: string): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  seen.push({ path, headers: req.headers });
  switch (path) {
    case '/silent':
      return; // never sends headers
    case '/endless':
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(Buffer.alloc(16));
      return; // never ends the body
    case '/trickle': {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const t = setInterval(() => (res.writableEnded ? clearInterval(t) : res.write('x')), 200);
      res.on('close', () => clearInterval(t));
      return;
    }
    case '/bomb':
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': BOMB.byteLength });
      return void res.end(BOMB);
    case '/huge-length':
      res.writeHead(200, { 'content-length': 10 * 1024 ** 3 });
      return void res.write(Buffer.alloc(1024));
    case '/short':
      res.writeHead(200, { 'content-length': 1000 });
      res.write(Buffer.alloc(10));
      return void setTimeout(() => res.socket?.end(), 20);
    case '/reset':
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(Buffer.alloc(100));
      return void setTimeout(() => res.socket?.destroy(), 20);
    case '/to-other':
      return void res.writeHead(302, { location: `${other}/data.bin` }).end();
    case '/to-same':
      return void res.writeHead(301, { location: '/data.bin' }).end();
    case '/data.bin':
      return void res.writeHead(200).end(Buffer.from([1, 2, 3]));
    default:
      res.writeHead(404).end();
  }
}

let a: Server;
let b: Server;
let baseA = '';
let baseB = '';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

before(async () => {
  a = createServer((req, res) => hostile(req, res, baseB));
  b = createServer((req, res) => hostile(req, res, baseA));
  baseA = await listen(a);
  baseB = await listen(b);
});
after(() => {
  for (const s of [a, b]) {
    s.closeAllConnections();
    s.close();
  }
});

/** Runs `read`, asserts it rejects with `code` within `withinMs`, returns the error. */
async function rejectsTyped(read: Promise<unknown>, code: string, withinMs: number): Promise<Error> {
  const start = performance.now();
  const error = await read.then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e as Error,
  );
  const ms = performance.now() - start;
  assert.ok(hasErrorCode(error, code), `expected ${code}, got ${String(error)}`);
  assert.ok(ms < withinMs, `settled in ${ms.toFixed(0)} ms (bound ${withinMs})`);
  return error;
}

describe('HttpStorage against hostile servers', () => {
  it('a server that never sends headers: StorageTimeoutError at the timeout', CASE, async () => {
    await rejectsTyped(new HttpStorage(baseA, { timeoutMs: 300 }).read('silent'), TIMEOUT, 5000);
  });

  it('a body that never ends: StorageTimeoutError', CASE, async () => {
    await rejectsTyped(new HttpStorage(baseA, { timeoutMs: 300 }).read('endless'), TIMEOUT, 5000);
  });

  it(
    'a body trickled one byte every 200 ms: StorageTimeoutError (the timeout covers the whole body)',
    CASE,
    async () => {
      await rejectsTyped(new HttpStorage(baseA, { timeoutMs: 700 }).read('trickle'), TIMEOUT, 5000);
    },
  );

  it("the caller's AbortSignal: StorageTimeoutError, not a DOMException", CASE, async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejectsTyped(
      new HttpStorage(baseA, { signal: controller.signal }).read('silent'),
      TIMEOUT,
      5000,
    );
    assert.match(error.message, /aborted/);
  });

  it('a fetch that ignores its signal still cannot hold the load', CASE, async () => {
    const neverSettles = () => new Promise<Response>(() => undefined);
    await rejectsTyped(new HttpStorage(baseA, { timeoutMs: 200, fetch: neverSettles }).read('x'), TIMEOUT, 5000);
  });

  it(
    'a gzip bomb (255 KB → 256 MiB) stops at maxBytes while streaming, asking for identity encoding',
    CASE,
    async () => {
      const rss = process.memoryUsage().rss;
      await rejectsTyped(new HttpStorage(baseA, { maxBytes: 1024 ** 2 }).read('bomb'), HTTP, 5000);
      const grown = (process.memoryUsage().rss - rss) / 1024 ** 2;
      console.log(`gzip bomb: RSS grew ${grown.toFixed(1)} MiB before the typed error`);
      assert.ok(grown < 64, `RSS grew ${grown.toFixed(1)} MiB`);
      assert.equal(lastRequest('/bomb')?.['accept-encoding'], 'identity');
    },
  );

  it('a Content-Length beyond maxBytes is refused before the body is read', CASE, async () => {
    const error = await rejectsTyped(new HttpStorage(baseA).read('huge-length'), HTTP, 5000);
    assert.match(error.message, /Content-Length/);
  });

  it(
    'a short body (less than its Content-Length) is an HttpStorageError, not TypeError: terminated',
    CASE,
    async () => {
      await rejectsTyped(new HttpStorage(baseA).read('short'), HTTP, 5000);
    },
  );

  it('a connection reset mid-body is an HttpStorageError', CASE, async () => {
    await rejectsTyped(new HttpStorage(baseA).read('reset'), HTTP, 5000);
  });

  it('a redirect to another origin is refused by default; the other origin gets no request', CASE, async () => {
    const before = seen.filter((s) => s.path === '/data.bin').length;
    const storage = new HttpStorage(baseA, { init: { headers: { 'X-Api-Key': 'secret' } } });
    const error = await rejectsTyped(storage.read('to-other'), HTTP, 5000);
    assert.match(error.message, /another origin/);
    assert.equal(seen.filter((s) => s.path === '/data.bin').length, before);
  });

  it("redirects: 'follow' follows to another origin without the caller's headers", CASE, async () => {
    const storage = new HttpStorage(baseA, { redirects: 'follow', init: { headers: { 'X-Api-Key': 'secret' } } });
    assert.deepEqual([...(await storage.read('to-other'))], [1, 2, 3]);
    const last = lastRequest('/data.bin');
    assert.equal(last?.['x-api-key'], undefined, 'X-Api-Key went to the other origin');
  });

  it('a same-origin redirect is followed with the caller headers', CASE, async () => {
    const storage = new HttpStorage(baseA, { init: { headers: { 'X-Api-Key': 'secret' } } });
    assert.deepEqual([...(await storage.read('to-same'))], [1, 2, 3]);
    assert.equal(lastRequest('/data.bin')?.['x-api-key'], 'secret');
  });
});
