/**
 * A static file server on 127.0.0.1 for the browser tests (IndexedDB needs a real origin): serves the
 * repository's dist/ under /dist/, the bundled test scripts under /bundles/, and pages registered by
 * the test under their own paths.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { ROOT } from './build.ts';
import { BUNDLE_DIR } from './bundle.ts';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.html': 'text/html; charset=utf-8',
};

/** A running server; `close()` stops it. */
export interface StaticServer {
  readonly origin: string;
  /** Serves `body` (HTML) at `path`. */
  page(path: string, body: string): void;
  close(): Promise<void>;
}

/** Starts the server on an ephemeral port of 127.0.0.1. */
export async function startStaticServer(): Promise<StaticServer> {
  const pages = new Map<string, string>();
  const roots: [string, string][] = [
    ['/dist/', join(ROOT, 'dist')],
    ['/bundles/', BUNDLE_DIR],
  ];
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const html = pages.get(path);
    if (html !== undefined) {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(html);
      return;
    }
    const root = roots.find(([prefix]) => path.startsWith(prefix));
    const file = root ? normalize(join(root[1], path.slice(root[0].length))) : undefined;
    if (!root || !file?.startsWith(root[1])) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    page: (path, body) => pages.set(path, body),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
