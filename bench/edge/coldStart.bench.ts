/**
 * Cold start of the edge example on workerd: time from the spawn of `workerd serve` to the first
 * correct prediction of the seed pipeline (`POST /predict`, compared with Node's answer), minus the
 * same for an empty worker returning a constant, medians over alternating starts. Also: spawn to
 * listening, and the model load measured inside the isolate (the `load;dur` of the first answer's
 * Server-Timing). Target: < 50 ms beyond the empty worker. The same for the layers MLP and the graph
 * model, each served alone on tfjs's wasm backend (mlp.capnp, graph.capnp: workerd compiles
 * tfjs-backend-wasm-simd.wasm at start-up) and on its cpu backend (mlp-cpu.capnp, graph-cpu.capnp),
 * reported against the empty worker and against each other.
 */
import { join } from 'node:path';
import { type EdgeFixture, prepareEdgeFixture } from '../../test/edge/fixture.ts';
import { type EdgeServer, startWorkerd, workerdUnavailableReason } from '../../test/edge/servers.ts';
import { ROOT } from '../../test/runtimes/build.ts';
import { median, ms } from '../timing.ts';

const TARGET_MS = 50;
const STARTS = 7;
const EMPTY_CONFIG = join(ROOT, 'bench/edge/empty/empty.capnp');

/** One start: spawn → listening, spawn → first correct answer, and the in-isolate load time. */
interface Start {
  readonly listening: number;
  readonly firstAnswer: number;
  readonly load?: number;
}

/** Medians of one worker's starts (ms); `load` is absent for the empty worker. */
export interface StartMedians {
  readonly listening: number;
  readonly firstAnswer: number;
  readonly load: number;
}

/** The medians the benchmark reports (ms). */
export interface ColdStartResult {
  readonly empty: { readonly listening: number; readonly firstAnswer: number };
  readonly seed: StartMedians;
  /** Seed first answer minus empty first answer. */
  readonly beyondEmpty: number;
  /** The layers MLP and the graph model, each served alone on tfjs's wasm and cpu backends. */
  readonly mlpWasm: StartMedians;
  readonly mlpCpu: StartMedians;
  readonly graphWasm: StartMedians;
  readonly graphCpu: StartMedians;
}

/** POSTs `body` to `path` until the answer is `expected` (retrying refused connections); returns its headers. */
async function firstCorrect(server: EdgeServer, body: string, expected: string, path = '/predict'): Promise<Headers> {
  for (let attempt = 0; attempt < 2000; attempt++) {
    try {
      const r = await fetch(`${server.url}${path}`, { method: 'POST', body });
      const text = await r.text();
      if (text === expected) return r.headers;
      throw new Error(`wrong answer ${r.status}: ${text.slice(0, 200)}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('wrong answer')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
  throw new Error(`no answer from ${server.url}\n${server.stderr()}`);
}

async function measure(config: string, body: string, expected: string, path?: string): Promise<Start> {
  const server = await startWorkerd(config);
  try {
    const headers = await firstCorrect(server, body, expected, path);
    const end = performance.now();
    const load = /load;dur=([\d.]+)/.exec(headers.get('server-timing') ?? '');
    return {
      listening: server.listeningAt - server.spawnedAt,
      firstAnswer: end - server.spawnedAt,
      load: load ? Number(load[1]) : undefined,
    };
  } finally {
    await server.stop();
  }
}

/** Runs the benchmark (needs workerd and a build; builds dist/ when stale); prints and returns medians. */
export async function runEdgeColdStartBench(fixture?: EdgeFixture): Promise<ColdStartResult | undefined> {
  const reason = workerdUnavailableReason();
  if (reason !== null) {
    console.warn(`edge/coldStart.bench: skipped, workerd cannot start: ${reason}`);
    return undefined;
  }
  const f = fixture ?? (await prepareEdgeFixture());
  try {
    const seedConfig = join(f.dir, 'seed.capnp');
    const tfjs = (config: string, expected: string, path: string) => () =>
      measure(join(f.dir, config), f.mlpRequest, expected, path);
    const starts = {
      empty: () => measure(EMPTY_CONFIG, f.seedRequest, '{"predictions":[0]}'),
      seed: () => measure(seedConfig, f.seedRequest, f.seedExpected),
      mlpWasm: tfjs('mlp.capnp', f.mlpWasmExpected, '/predict/mlp'),
      mlpCpu: tfjs('mlp-cpu.capnp', f.mlpExpected, '/predict/mlp'),
      graphWasm: tfjs('graph.capnp', f.graphWasmExpected, '/predict/graph'),
      graphCpu: tfjs('graph-cpu.capnp', f.graphExpected, '/predict/graph'),
    };
    const runs: Record<keyof typeof starts, Start[]> = {
      empty: [],
      seed: [],
      mlpWasm: [],
      mlpCpu: [],
      graphWasm: [],
      graphCpu: [],
    };
    for (const start of Object.values(starts)) await start(); // warm the page cache
    for (let i = 0; i < STARTS; i++) {
      for (const [name, start] of Object.entries(starts)) runs[name as keyof typeof starts].push(await start());
    }
    const med = (xs: Start[], k: keyof Start) => median(xs.map((x) => x[k] ?? Number.NaN));
    const medians = (xs: Start[]): StartMedians => ({
      listening: med(xs, 'listening'),
      firstAnswer: med(xs, 'firstAnswer'),
      load: med(xs, 'load'),
    });
    const result: ColdStartResult = {
      empty: { listening: med(runs.empty, 'listening'), firstAnswer: med(runs.empty, 'firstAnswer') },
      seed: medians(runs.seed),
      beyondEmpty: med(runs.seed, 'firstAnswer') - med(runs.empty, 'firstAnswer'),
      mlpWasm: medians(runs.mlpWasm),
      mlpCpu: medians(runs.mlpCpu),
      graphWasm: medians(runs.graphWasm),
      graphCpu: medians(runs.graphCpu),
    };
    console.log(`edge/coldStart.bench — workerd serve → first correct answer (medians of ${STARTS} starts each)`);
    console.log(
      `  empty worker: listening ${ms(result.empty.listening)}, first answer ${ms(result.empty.firstAnswer)}`,
    );
    console.log(
      `  seed worker:  listening ${ms(result.seed.listening)}, first correct prediction ${ms(result.seed.firstAnswer)}`,
    );
    console.log(`  model load inside the isolate (Server-Timing load;dur): ${ms(result.seed.load)}`);
    const mark = result.beyondEmpty < TARGET_MS ? 'ok' : 'OVER TARGET';
    console.log(`  cold start beyond the empty worker: ${ms(result.beyondEmpty)} (target < ${TARGET_MS} ms) ${mark}`);
    for (const [label, m] of [
      ['MLP (layers), tfjs wasm', result.mlpWasm],
      ['MLP (layers), tfjs cpu ', result.mlpCpu],
      ['graph model,  tfjs wasm', result.graphWasm],
      ['graph model,  tfjs cpu ', result.graphCpu],
    ] as const) {
      console.log(
        `  ${label}: listening ${ms(m.listening)}, first correct prediction ${ms(m.firstAnswer)} (${ms(m.firstAnswer - result.empty.firstAnswer)} beyond empty), load inside the isolate ${ms(m.load)}`,
      );
    }
    for (const [label, wasm, cpu] of [
      ['MLP (layers)', result.mlpWasm, result.mlpCpu],
      ['graph model', result.graphWasm, result.graphCpu],
    ] as const) {
      const slower = wasm.firstAnswer - cpu.firstAnswer;
      console.log(`  ${label} first answer, wasm − cpu: ${slower >= 0 ? '+' : ''}${ms(slower)}`);
    }
    return result;
  } finally {
    if (!fixture) f.remove();
  }
}
