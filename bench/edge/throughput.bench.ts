/**
 * Steady-state predictions per second of the edge example on workerd over loopback, with autocannon
 * (10 connections, 5 s per target, every answer's body checked against Node's): the seed pipeline
 * (`POST /predict`, 11 rows per request) and the MLP (`POST /predict/mlp`, 6 rows), against an empty
 * worker returning a constant. Client and server share this machine's cores.
 */
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { type EdgeFixture, prepareEdgeFixture } from '../../test/edge/fixture.ts';
import { startWorkerd, workerdUnavailableReason } from '../../test/edge/servers.ts';
import { ROOT } from '../../test/runtimes/build.ts';

const SECONDS = 5;
const CONNECTIONS = 10;

/** Requests per second and latency of one target. */
export interface ThroughputRow {
  readonly target: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
}

async function load(url: string, body: string, expected: string, target: string): Promise<ThroughputRow> {
  const r: Result = await autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
    connections: CONNECTIONS,
    duration: SECONDS,
    expectBody: expected,
  });
  if (r.errors || r.timeouts || r.non2xx || r.mismatches) {
    throw new Error(
      `${target}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx, ${r.mismatches} wrong bodies`,
    );
  }
  return {
    target,
    requestsPerSecond: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r['2xx'],
  };
}

/** Runs the benchmark (needs workerd; builds dist/ when stale); prints and returns one row per target. */
export async function runEdgeThroughputBench(fixture?: EdgeFixture): Promise<ThroughputRow[]> {
  const reason = workerdUnavailableReason();
  if (reason !== null) {
    console.warn(`edge/throughput.bench: skipped, workerd cannot start: ${reason}`);
    return [];
  }
  const f = fixture ?? (await prepareEdgeFixture());
  const rows: ThroughputRow[] = [];
  try {
    const empty = await startWorkerd(join(ROOT, 'bench/edge/empty/empty.capnp'));
    try {
      rows.push(await load(`${empty.url}/predict`, f.seedRequest, '{"predictions":[0]}', 'empty worker (constant)'));
    } finally {
      await empty.stop();
    }
    const server = await startWorkerd(join(f.dir, 'config.capnp'), 'config');
    try {
      rows.push(await load(`${server.url}/predict`, f.seedRequest, f.seedExpected, 'seed pipeline, 11 rows'));
      rows.push(await load(`${server.url}/predict/mlp`, f.mlpRequest, f.mlpExpected, 'MLP (tfjs cpu), 6 rows'));
    } finally {
      await server.stop();
    }
  } finally {
    if (!fixture) f.remove();
  }
  const base = rows[0].requestsPerSecond;
  console.log(`edge/throughput.bench — workerd on loopback, autocannon ${CONNECTIONS} connections × ${SECONDS} s`);
  for (const r of rows) {
    console.log(
      `  ${r.target.padEnd(26)} ${r.requestsPerSecond.toFixed(0).padStart(6)} req/s  (${(r.requestsPerSecond / base).toFixed(2)}× empty)  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  ${r.requests} answers checked`,
    );
  }
  return rows;
}
