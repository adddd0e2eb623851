/**
 * A proxy on 127.0.0.1 in front of the real S3 server, for the failures a real S3 produces but a
 * local server will not on demand: throttling answers, stalls, corrupted bytes, dropped connections.
 * Every request not picked by the rule goes to the server unchanged (headers, Host included, so SigV4
 * signatures still verify there); S3's own answers come back unchanged.
 */
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the rule sees it: its number (from 1), method, path and query, and as it came (raw). */
export interface SeenRequest {
  readonly n: number;
  readonly method: string;
  readonly url: URL;
  /** The request target exactly as sent (path and query, still percent-encoded). */
  readonly rawUrl: string;
  /** The headers as sent, names in lowercase. */
  readonly headers: Readonly<Record<string, string>>;
}

/** What to do with a request. */
export type Fault =
  | 'pass'
  /** Answer this instead of forwarding. */
  | { readonly status: number; readonly code: string; readonly headers?: Record<string, string> }
  /** Never answer. */
  | 'stall'
  /** Forward, then flip one byte in the middle of the answer's body. */
  | 'corrupt-answer'
  /** Flip one byte in the middle of the request's body, then forward. */
  | 'corrupt-request'
  /** Close the connection without answering. */
  | 'reset';

/** A running proxy. */
export interface FaultProxy {
  readonly endpoint: string;
  /** Every request seen so far. */
  readonly seen: SeenRequest[];
  /** Replaces the rule (default: pass everything). */
  rule: (r: SeenRequest) => Fault;
  close(): Promise<void>;
}

function flipMiddle(bytes: Buffer): Buffer {
  if (bytes.length > 0) bytes[bytes.length >> 1] ^= 0xff;
  return bytes;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Starts a proxy to `targetPort` on 127.0.0.1. */
export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  const seen: SeenRequest[] = [];
  const stalled = new Set<IncomingMessage>();
  const proxy: FaultProxy = {
    endpoint: '',
    seen,
    rule: () => 'pass',
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer(async (req, res) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const r: SeenRequest = {
      n: seen.length + 1,
      method: req.method ?? 'GET',
      url: new URL(req.url ?? '/', 'http://x'),
      rawUrl: req.url ?? '/',
      headers,
    };
    seen.push(r);
    const fault = proxy.rule(r);
    let body = await bodyOf(req);
    if (fault === 'stall') {
      stalled.add(req);
      return;
    }
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (typeof fault === 'object') {
      const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.code}</Code><Message>injected by the test proxy</Message><RequestId>proxy-${r.n}</RequestId></Error>`;
      res.writeHead(fault.status, { 'content-type': 'application/xml', ...fault.headers }).end(xml);
      return;
    }
    if (fault === 'corrupt-request') body = flipMiddle(body);
    const upstream = request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
      async (answer) => {
        let bytes = await bodyOf(answer);
        if (fault === 'corrupt-answer') bytes = flipMiddle(bytes);
        res.writeHead(answer.statusCode ?? 502, answer.headers).end(bytes);
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  });
  server.on('close', () => {
    for (const s of stalled) s.socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (proxy as { endpoint: string }).endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = proxy.close;
  proxy.close = () => {
    for (const s of stalled) s.socket.destroy();
    server.closeAllConnections();
    return close();
  };
  return proxy;
}
