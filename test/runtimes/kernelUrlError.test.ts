/**
 * When the kernels are loaded from a URL that does not serve ferry.wasm (the browser's
 * `setDefaultKernelSource(async () => new URL(...))`), the error names the URL and what to do.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { KernelUnavailableError } from '../../src/errors/index.ts';
import { loadKernels, resetKernelCacheForTests } from '../../src/kernels/loadKernels.ts';

const server = createServer((req, res) => {
  if (req.url === '/html/ferry.wasm') res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html>');
  else res.writeHead(404).end('not found');
});
let origin = '';
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  resetKernelCacheForTests();
  server.close();
});

for (const path of ['/missing/ferry.wasm', '/html/ferry.wasm']) {
  it(`a URL answering ${path.startsWith('/missing') ? '404' : 'an HTML page'} is a KernelUnavailableError naming it`, async () => {
    resetKernelCacheForTests();
    const url = new URL(path, origin);
    await assert.rejects(loadKernels(url), (error: unknown) => {
      assert.ok(error instanceof KernelUnavailableError, String(error));
      assert.ok(error.message.includes(url.href), error.message);
      assert.match(error.message, /Serve the package's ferryml\/ferry\.wasm at that URL as application\/wasm/);
      return true;
    });
  });
}
