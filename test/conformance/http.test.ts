/**
 * HttpStorage against a node:http server on 127.0.0.1: the conformance cases (reads over HTTP, writes
 * into the served store), a served seed dump loaded without source, and every answer that must be an
 * error and never data: 404, 500, an HTML page (by Content-Type and by content), bad magic bytes.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ExecutionContext, hasErrorCode, MemoryStorage, type NDArray, type StorageAdapter } from 'ferryml';
import { HttpStorage, httpIndexBytes } from '../../adapters/http.ts';
import { fitAndSave, SEED_NAME } from '../cross-runtime/seedJob.ts';
import { runStorageConformance } from './storageConformance.ts';

const INDEX = 'ferry-index.json';
const HTML = '<!DOCTYPE html><html><body>Single-page app fallback</body></html>';
/** The store the server serves from; tests fill it directly. */
let served = new MemoryStorage();
let server: Server;
let base = '';

before(async () => {
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).slice(1);
    if (path === 'fail/500.ferry') return void res.writeHead(500, 'Internal Server Error').end('boom');
    if (path === 'spa/page.ferry' || path === 'spa/data.bin') {
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML);
    }
    if (path === 'sniff/data.bin')
      return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(HTML);
    if (path === 'bad/magic.ferry') return void res.writeHead(200).end(new Uint8Array(64).fill(7));
    if (path === 'broken-index/ferry-index.json') return void res.writeHead(200).end('not json');
    if (path === INDEX) {
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(await httpIndexBytes(served));
    }
    try {
      const bytes = await served.read(path);
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
    } catch (error) {
      res.writeHead(hasErrorCode(error, 'FERRY_NOT_FOUND') ? 404 : 400).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/**
 * The adapter under test for the conformance cases: reads and lists through HttpStorage (list via the
 * served index); writes and deletes go to the served store, since HttpStorage is read-only.
 */
function servedOverHttp(): StorageAdapter {
  served = new MemoryStorage();
  const http = new HttpStorage(base, { index: INDEX });
  return {
    read: (p) => http.read(p),
    list: (p) => http.list(p),
    write: (p, d) => served.write(p, d),
    delete: (p) => served.delete(p),
  };
}

runStorageConformance('HttpStorage (reads over HTTP from 127.0.0.1)', async () => servedOverHttp());

describe('HttpStorage', () => {
  it('loads a served seed dump without its source and predicts like the saved pipeline', async () => {
    served = new MemoryStorage();
    await fitAndSave(served);
    const local = await new ExecutionContext(served).load(SEED_NAME);
    const remote = await new ExecutionContext(new HttpStorage(new URL(base))).load(SEED_NAME);
    const x = [[0], [1], [2], [3], [1.5]];
    const want = ((await local.transform(x)) as NDArray).data;
    const got = ((await remote.transform(x)) as NDArray).data;
    assert.deepEqual(new Uint8Array(got.buffer), new Uint8Array(want.buffer));
  });

  it('a 404 is a NotFoundError, a 500 an HttpStorageError with the status', async () => {
    const s = new HttpStorage(base);
    await assert.rejects(s.read('no/such.ferry'), (e) => hasErrorCode(e, 'FERRY_NOT_FOUND'));
    await assert.rejects(s.read('fail/500.ferry'), (e: unknown) => {
      assert.ok(hasErrorCode(e, 'FERRY_HTTP_STORAGE'));
      assert.equal((e as unknown as { status: number }).status, 500);
      assert.match((e as Error).message, /fail\/500\.ferry answered 500/);
      return true;
    });
  });

  it('an HTML page where a dump file was expected is an error, by Content-Type or by content', async () => {
    const s = new HttpStorage(base);
    for (const key of ['spa/page.ferry', 'spa/data.bin', 'sniff/data.bin']) {
      await assert.rejects(
        s.read(key),
        (e: unknown) => hasErrorCode(e, 'FERRY_HTTP_STORAGE') && /HTML page/.test((e as Error).message),
        key,
      );
    }
  });

  it('a .ferry file without the FERRYDMP magic bytes is an error', async () => {
    await assert.rejects(
      new HttpStorage(base).read('bad/magic.ferry'),
      (e: unknown) => hasErrorCode(e, 'FERRY_HTTP_STORAGE') && /magic/.test((e as Error).message),
    );
  });

  it('is read-only, and lists only through an index', async () => {
    const s = new HttpStorage(base);
    await assert.rejects(s.write('a', new Uint8Array(1)), (e) => hasErrorCode(e, 'FERRY_READ_ONLY_STORAGE'));
    await assert.rejects(s.delete('a'), (e) => hasErrorCode(e, 'FERRY_READ_ONLY_STORAGE'));
    await assert.rejects(s.list(''), (e: unknown) => {
      assert.ok(hasErrorCode(e, 'FERRY_READ_ONLY_STORAGE'));
      assert.match((e as Error).message, /index/);
      return true;
    });
    await assert.rejects(s.write('../x', new Uint8Array(1)), (e) => hasErrorCode(e, 'FERRY_INVALID_PATH'));
    const broken = new HttpStorage(`${base}broken-index`, { index: INDEX });
    await assert.rejects(broken.list(''), (e) => hasErrorCode(e, 'FERRY_HTTP_STORAGE'));
  });

  it('a server that does not answer is an HttpStorageError with status 0', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(new HttpStorage(`http://127.0.0.1:${port}/dump`).read('a.ferry'), (e: unknown) => {
      assert.ok(hasErrorCode(e, 'FERRY_HTTP_STORAGE'));
      assert.equal((e as unknown as { status: number }).status, 0);
      return true;
    });
  });

  it('encodes each key segment into the URL under the base path', () => {
    const s = new HttpStorage('https://cdn.example/models/v1');
    assert.equal(s.urlOf('a b/c#d.ferry').href, 'https://cdn.example/models/v1/a%20b/c%23d.ferry');
    assert.throws(
      () => s.urlOf('../secret'),
      (e) => hasErrorCode(e, 'FERRY_INVALID_PATH'),
    );
  });
});
