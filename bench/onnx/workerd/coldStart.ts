/**
 * workerd cold starts of the ONNX comparison's workers: from the spawn of `workerd serve` to the first correct
 * answer (one row, compared with the expected label), minus the same for the empty worker of the edge benchmarks
 * (bench/edge/empty); medians over alternating starts. Also the model load time each worker reports in its first
 * answer's Server-Timing (`load;dur`, whole milliseconds on workerd).
 */
import { join } from 'node:path';
import { startWorkerd } from '../../../test/edge/servers.ts';
import { ROOT } from '../../../test/runtimes/build.ts';
import { median } from '../../timing.ts';
import type { BuiltWorker, WorkerName } from './bundle.ts';

const EMPTY_CONFIG = join(ROOT, 'bench/edge/empty/empty.capnp');

/** One worker's medians (ms). */
export interface WorkerdColdStart {
  readonly firstAnswer: number;
  readonly beyondEmpty: number;
  readonly load: number;
}

/** POSTs until an answer comes (the socket may not accept yet); returns its text and Server-Timing. */
async function firstAnswer(url: string, body: string): Promise<{ text: string; timing: string }> {
  for (let attempt = 0; attempt < 2000; attempt++) {
    try {
      const r = await fetch(url, { method: 'POST', body });
      return { text: await r.text(), timing: r.headers.get('server-timing') ?? '' };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
  throw new Error(`no answer from ${url}`);
}

async function start(config: string, body: string, check: (text: string) => void): Promise<[number, number]> {
  const server = await startWorkerd(config);
  try {
    const { text, timing } = await firstAnswer(server.url, body);
    const end = performance.now();
    check(text);
    const load = /load;dur=([\d.]+)/.exec(timing);
    return [end - server.spawnedAt, load ? Number(load[1]) : Number.NaN];
  } finally {
    await server.stop();
  }
}

/**
 * Medians over `starts` alternating starts of every worker and the empty one. `row` is the request's one row;
 * `expectedLabel` the label every worker must answer (a wrong answer throws).
 */
export async function workerdColdStarts(
  workers: readonly BuiltWorker[],
  row: readonly number[],
  expectedLabel: number,
  starts: number,
): Promise<{ empty: number; workers: Map<WorkerName, WorkerdColdStart> }> {
  const body = JSON.stringify({ inputs: [row] });
  const checkLabel = (name: string) => (text: string) => {
    const answer = JSON.parse(text) as { labels?: number[] };
    if (answer.labels?.[0] !== expectedLabel) throw new Error(`${name} answered ${text.slice(0, 300)}`);
  };
  const empty: number[] = [];
  const times = new Map<WorkerName, [number, number][]>(workers.map((w) => [w.name, []]));
  for (const w of workers) await start(w.config, body, checkLabel(w.name)); // page cache
  for (let i = 0; i < starts; i++) {
    empty.push((await start(EMPTY_CONFIG, body, () => {}))[0]);
    for (const w of workers) times.get(w.name)?.push(await start(w.config, body, checkLabel(w.name)));
  }
  const emptyMedian = median(empty);
  const result = new Map<WorkerName, WorkerdColdStart>();
  for (const [name, list] of times) {
    const first = median(list.map((t) => t[0]));
    result.set(name, { firstAnswer: first, beyondEmpty: first - emptyMedian, load: median(list.map((t) => t[1])) });
  }
  return { empty: emptyMedian, workers: result };
}
