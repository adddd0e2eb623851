/**
 * Steady-state predictions per second of the edge example on workerd over loopback, with autocannon
 * (10 connections, every answer's body checked against Node's): the seed pipeline (`POST /predict`,
 * 11 rows per request, config.capnp) against an empty worker returning a constant; then the layers
 * MLP (`POST /predict/mlp`, 6 rows) and the graph model (`POST /predict/graph`, the same 6 rows),
 * each served alone on tfjs's wasm backend (mlp.capnp, graph.capnp) and on its cpu backend
 * (mlp-cpu.capnp, graph-cpu.capnp), alternated over several rounds (medians), with wasm/cpu ratios.
 * Target: wasm ≥ 5× cpu. Client and server share this machine's cores, so each row also gives the
 * server's CPU time per request (workerd's user + system time over the run, from /proc on Linux),
 * which depends less on the client and on other load than requests per second do.
 */
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { type EdgeFixture, prepareEdgeFixture } from '../../test/edge/fixture.ts';
import { type EdgeServer, startWorkerd, workerdUnavailableReason } from '../../test/edge/servers.ts';
import { ROOT } from '../../test/runtimes/build.ts';
import { median } from '../timing.ts';
import { processCpuSeconds } from './processCpu.ts';

const SECONDS = 5;
const CONNECTIONS = 10;
/** Alternating rounds of the two MLP workers (each round: SECONDS_PER_ROUND on each). */
const ROUNDS = 3;
const SECONDS_PER_ROUND = 4;
/** The issue's target: the MLP on wasm at least this many times "today's cpu figure" (0.2's, below). */
const TARGET_RATIO = 5;
/**
 * The MLP's requests/s on tfjs's cpu backend in ferryml 0.2: "today's cpu figure" of issue 15, when it was filed.
 * The cpu worker of the same run has since got the same speed-ups as the wasm one (bundling, the Dense chain), so
 * its figure is higher; the ratio to it is printed beside the target.
 */
const CPU_FIGURE_0_2 = 774;

/** Requests per second and latency of one target. */
export interface ThroughputRow {
  readonly target: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  /** workerd's CPU time per answered request (µs); undefined where /proc is not readable. */
  readonly cpuMicrosPerRequest: number | undefined;
}

async function load(
  server: EdgeServer,
  path: string,
  body: string,
  expected: string,
  target: string,
  seconds = SECONDS,
): Promise<ThroughputRow> {
  const cpu0 = processCpuSeconds(server.pid);
  const r: Result = await autocannon({
    url: `${server.url}${path}`,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
    connections: CONNECTIONS,
    duration: seconds,
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
    cpuMicrosPerRequest: cpuPerRequest(cpu0, processCpuSeconds(server.pid), r['2xx']),
  };
}

function cpuPerRequest(before: number | undefined, after: number | undefined, requests: number): number | undefined {
  if (before === undefined || after === undefined || requests === 0) return undefined;
  return ((after - before) * 1e6) / requests;
}

/** `123 µs CPU/req`, or nothing where it was not measured. */
function micros(v: number | undefined): string {
  return v === undefined ? '' : `${v.toFixed(0)} µs CPU/req`;
}

/** Serves `config` with workerd for the duration of `f`. */
async function served<T>(config: string, f: (server: EdgeServer) => Promise<T>, constName?: string): Promise<T> {
  const server = await startWorkerd(config, constName);
  try {
    return await f(server);
  } finally {
    await server.stop();
  }
}

/** The median row of several rounds of one target (requests per second and CPU each; answers summed). */
function medianRow(target: string, rounds: readonly ThroughputRow[]): ThroughputRow {
  const rps = median(rounds.map((r) => r.requestsPerSecond));
  const mid = rounds.find((r) => r.requestsPerSecond === rps) ?? rounds[0];
  const cpus = rounds.map((r) => r.cpuMicrosPerRequest);
  const cpu = cpus.every((c) => c !== undefined) ? median(cpus as number[]) : undefined;
  return {
    ...mid,
    target,
    requestsPerSecond: rps,
    requests: rounds.reduce((s, r) => s + r.requests, 0),
    cpuMicrosPerRequest: cpu,
  };
}

/** One tfjs model served alone on wasm and on cpu (the pair the ratio compares). */
interface ModelPair {
  readonly name: string;
  /** Whether the wasm / cpu target applies (the MLP's). */
  readonly targeted: boolean;
  readonly path: string;
  readonly wasm: { readonly config: string; readonly expected: string };
  readonly cpu: { readonly config: string; readonly expected: string };
}

function modelPairs(f: EdgeFixture): ModelPair[] {
  return [
    {
      name: 'MLP (layers)',
      targeted: true,
      path: '/predict/mlp',
      wasm: { config: 'mlp.capnp', expected: f.mlpWasmExpected },
      cpu: { config: 'mlp-cpu.capnp', expected: f.mlpExpected },
    },
    {
      name: 'graph model',
      targeted: false,
      path: '/predict/graph',
      wasm: { config: 'graph.capnp', expected: f.graphWasmExpected },
      cpu: { config: 'graph-cpu.capnp', expected: f.graphExpected },
    },
  ];
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
  const pairs = modelPairs(f);
  const rounds = new Map(pairs.map((p) => [p, { wasm: [] as ThroughputRow[], cpu: [] as ThroughputRow[] }]));
  try {
    const empty = join(ROOT, 'bench/edge/empty/empty.capnp');
    rows.push(
      await served(empty, (server) =>
        load(server, '/predict', f.seedRequest, '{"predictions":[0]}', 'empty worker (constant)'),
      ),
    );
    rows.push(
      await served(
        join(f.dir, 'config.capnp'),
        (server) => load(server, '/predict', f.seedRequest, f.seedExpected, 'seed pipeline, 11 rows'),
        'config',
      ),
    );
    for (let round = 0; round < ROUNDS; round++) {
      for (const pair of pairs) {
        for (const backend of ['wasm', 'cpu'] as const) {
          const { config, expected } = pair[backend];
          rounds
            .get(pair)
            ?.[backend].push(
              await served(join(f.dir, config), (server) =>
                load(server, pair.path, f.mlpRequest, expected, `${pair.name} ${backend}`, SECONDS_PER_ROUND),
              ),
            );
        }
      }
    }
  } finally {
    if (!fixture) f.remove();
  }
  const ratios: string[] = [];
  for (const pair of pairs) {
    const r = rounds.get(pair);
    if (!r) continue;
    const wasm = medianRow(`${pair.name}, tfjs wasm, 6 rows`, r.wasm);
    const cpu = medianRow(`${pair.name}, tfjs cpu, 6 rows`, r.cpu);
    rows.push(wasm, cpu);
    const each = (xs: readonly ThroughputRow[]) =>
      xs.map((x) => `${x.requestsPerSecond.toFixed(0)} (${micros(x.cpuMicrosPerRequest)})`).join(', ');
    ratios.push(
      `  ${pair.name} rounds (${SECONDS_PER_ROUND} s each, alternated): wasm ${each(r.wasm)}; cpu ${each(r.cpu)}`,
    );
    const ratio = wasm.requestsPerSecond / cpu.requestsPerSecond;
    ratios.push(`  ${pair.name} wasm / cpu of this run: ${ratio.toFixed(2)}× the requests per second`);
    // The target is the MLP's; the graph model's ratio is reported beside it.
    if (pair.targeted) {
      const vs02 = wasm.requestsPerSecond / CPU_FIGURE_0_2;
      ratios.push(
        `  ${pair.name} wasm / 0.2's cpu figure (${CPU_FIGURE_0_2} req/s): ${vs02.toFixed(2)}× (target ≥ ${TARGET_RATIO}×, ${TARGET_RATIO * CPU_FIGURE_0_2} req/s) ${vs02 >= TARGET_RATIO ? 'ok' : 'UNDER TARGET'}`,
      );
    }
    if (wasm.cpuMicrosPerRequest !== undefined && cpu.cpuMicrosPerRequest !== undefined) {
      const cpuRatio = cpu.cpuMicrosPerRequest / wasm.cpuMicrosPerRequest;
      ratios.push(`  ${pair.name} cpu / wasm server CPU time per request: ${cpuRatio.toFixed(2)}×`);
    }
  }
  const base = rows[0].requestsPerSecond;
  console.log(`edge/throughput.bench — workerd on loopback, autocannon ${CONNECTIONS} connections`);
  for (const r of rows) {
    console.log(
      `  ${r.target.padEnd(34)} ${r.requestsPerSecond.toFixed(0).padStart(6)} req/s  (${(r.requestsPerSecond / base).toFixed(2)}× empty)  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  ${micros(r.cpuMicrosPerRequest)}  ${r.requests} answers checked`,
    );
  }
  for (const line of ratios) console.log(line);
  return rows;
}
