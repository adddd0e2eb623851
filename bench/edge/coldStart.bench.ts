/**
 * Cold start of the edge example on workerd: time from the spawn of `workerd serve` to the first
 * correct prediction of the seed pipeline (`POST /predict`, compared with Node's answer), minus the
 * same for an empty worker returning a constant, medians over alternating starts. Also: spawn to
 * listening for both, and the model load measured inside the isolate (the `load;dur` of the first
 * answer's Server-Timing). Target: < 50 ms beyond the empty worker.
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

/** The medians the benchmark reports (ms). */
export interface ColdStartResult {
  readonly empty: { readonly listening: number; readonly firstAnswer: number };
  readonly seed: { readonly listening: number; readonly firstAnswer: number; readonly load: number };
  /** Seed first answer minus empty first answer. */
  readonly beyondEmpty: number;
}

/** POSTs `body` until the answer is `expected` (retrying refused connections); returns the answer's headers. */
async function firstCorrect(server: EdgeServer, body: string, expected: string): Promise<Headers> {
  for (let attempt = 0; attempt < 2000; attempt++) {
    try {
      const r = await fetch(`${server.url}/predict`, { method: 'POST', body });
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

async function measure(config: string, body: string, expected: string): Promise<Start> {
  const server = await startWorkerd(config);
  try {
    const headers = await firstCorrect(server, body, expected);
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
    const empty: Start[] = [];
    const seed: Start[] = [];
    await measure(seedConfig, f.seedRequest, f.seedExpected); // warm the page cache
    for (let i = 0; i < STARTS; i++) {
      empty.push(await measure(EMPTY_CONFIG, f.seedRequest, '{"predictions":[0]}'));
      seed.push(await measure(seedConfig, f.seedRequest, f.seedExpected));
    }
    const med = (xs: Start[], k: keyof Start) => median(xs.map((x) => x[k] ?? Number.NaN));
    const result: ColdStartResult = {
      empty: { listening: med(empty, 'listening'), firstAnswer: med(empty, 'firstAnswer') },
      seed: { listening: med(seed, 'listening'), firstAnswer: med(seed, 'firstAnswer'), load: med(seed, 'load') },
      beyondEmpty: med(seed, 'firstAnswer') - med(empty, 'firstAnswer'),
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
    return result;
  } finally {
    if (!fixture) f.remove();
  }
}
