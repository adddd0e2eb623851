/**
 * `npm run bench onnx`: Ferry side by side with the route scikit-learn users take today (sklearn-onnx graphs run
 * by onnxruntime-web 1.30), for one model — StandardScaler + LogisticRegression on breast_cancer (binary, 30
 * features; bench/onnx/make_onnx.py) — in one run:
 * - bundle size, gzip -9: the workerd worker as deployed (minified script, its wasm, the model);
 * - cold start to the first prediction: Node (fresh process, beyond an empty one), Chromium (fresh context,
 *   navigation to first answer, files from 127.0.0.1), workerd (spawn to first correct answer, beyond the empty
 *   worker of bench/edge);
 * - per-request latency for 1 and 1,000 rows, in Node and in Chromium (float64 rows in, labels and probabilities out);
 * - agreement with scikit-learn 1.2.1's predict_proba and predict on the 569 rows, in Node, Chromium and workerd.
 * ORT runs twice: on the float32 graph sklearn-onnx builds by default (ai.onnx.ml Scaler + LinearClassifier,
 * computed in float32) and on its float64 graph (MatMul/Add/Sigmoid). One thread everywhere.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ExecutionContext } from 'ferryml';
import * as ort from 'onnxruntime-web';
import { type EdgeServer, startWorkerd, workerdUnavailableReason } from '../../test/edge/servers.ts';
import { unavailableReason } from '../../test/runtimes/availability.ts';
import { ensureBuilt, ROOT } from '../../test/runtimes/build.ts';
import { launchChromium } from '../../test/runtimes/chromium.ts';
import { median } from '../timing.ts';
import { ferryPredictor } from './ferryPredictor.ts';
import { interleavedLatency } from './latency.ts';
import { type NodeContender, nodeColdStarts, prepareNodeChildren } from './node/coldStart.ts';
import { configureOrt, ortPredictor } from './ortPredictor.ts';
import { type Agreement, compareOutputs, type Predictor } from './predictor.ts';
import { FERRY_ROOT, loadCase, type OnnxCase, TABLE_CASE } from './reference.ts';
import type { OnnxPage } from './web/harness.ts';
import { openOnnxPage, type PageContender, serveOnnxSite } from './web/site.ts';
import { type BuiltWorker, buildOnnxWorkers, type WorkerName } from './workerd/bundle.ts';
import { workerdColdStarts } from './workerd/coldStart.ts';

const CONTENDERS = ['ferry', 'float32', 'float64'] as const;
type Contender = (typeof CONTENDERS)[number];
const LABEL: Record<Contender, string> = {
  ferry: 'Ferry',
  float32: 'ORT-web, float32 graph',
  float64: 'ORT-web, float64 graph',
};
const WORKER_OF: Record<Contender, WorkerName> = { ferry: 'ferry', float32: 'ort-f32', float64: 'ort-f64' };
const STARTS = 7;
/** Requests per timed block (15 blocks): 1 row, 1,000 rows. */
const PER_BLOCK = { 1: 200, 1000: 10 } as const;

/** A row of the table: one figure per contender (undefined where it could not be measured). */
export interface OnnxRow {
  readonly what: string;
  readonly values: Record<Contender, string | undefined>;
  /** The figure of each contender, for the ratio ORT float32 / Ferry. */
  readonly numbers?: Record<Contender, number | undefined>;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (v: number) =>
  v < 1 ? `${(v * 1000).toFixed(1)} µs` : v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(0)} ms`;
const agreementText = (a: Agreement) =>
  `${a.maxAbsDiff.toExponential(1)}, ${a.labelMismatches === 0 ? 'labels =' : `${a.labelMismatches} labels ≠`}`;

function gzipBytes(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).byteLength;
}

function sizeRows(workers: readonly BuiltWorker[]): OnnxRow[] {
  const of = (c: Contender) => workers.find((w) => w.name === WORKER_OF[c]) as BuiltWorker;
  const part = (what: string, pick: (w: BuiltWorker) => number): OnnxRow => {
    const numbers = Object.fromEntries(CONTENDERS.map((c) => [c, pick(of(c))])) as Record<Contender, number>;
    const values = Object.fromEntries(CONTENDERS.map((c) => [c, kb(numbers[c])])) as Record<Contender, string>;
    return { what, values, numbers };
  };
  return [
    part('workerd bundle, gzip: worker script (minified)', (w) => gzipBytes(w.files.script)),
    part('  + wasm', (w) => gzipBytes(w.files.wasm)),
    part('  + model', (w) => gzipBytes(w.files.model)),
    part('  = total', (w) => gzipBytes(w.files.script) + gzipBytes(w.files.wasm) + gzipBytes(w.files.model)),
  ];
}

async function nodePredictors(c: OnnxCase): Promise<Record<Contender, Predictor>> {
  configureOrt(ort);
  const ferry = ferryPredictor(await new ExecutionContext(FERRY_ROOT).load(c.name), c.features);
  const orts = await Promise.all(
    (['float32', 'float64'] as const).map((p) => ortPredictor(ort, readFileSync(c.onnxPath(p)), p, c.features)),
  );
  return { ferry, float32: orts[0], float64: orts[1] };
}

function row(what: string, numbers: Partial<Record<Contender, number>>, format = ms): OnnxRow {
  const values = Object.fromEntries(
    CONTENDERS.map((c) => [c, numbers[c] === undefined ? undefined : format(numbers[c] as number)]),
  ) as Record<Contender, string | undefined>;
  return { what, values, numbers: numbers as Record<Contender, number | undefined> };
}

async function nodeRows(c: OnnxCase): Promise<OnnxRow[]> {
  const predictors = await nodePredictors(c);
  const agreement = await Promise.all(
    CONTENDERS.map(async (k) => compareOutputs(await predictors[k].predict(c.x, c.rows), c.expected, c.rows)),
  );
  const lat = async (rows: 1 | 1000) =>
    interleavedLatency(
      CONTENDERS.map((k) => predictors[k]),
      c.x,
      c.features,
      rows,
      PER_BLOCK[rows],
    );
  const [one, thousand] = [await lat(1), await lat(1000)];
  const children = await prepareNodeChildren(c);
  const cold = nodeColdStarts(children, ['ferry', 'float32', 'float64'] satisfies NodeContender[], STARTS);
  const by = (xs: number[]) => Object.fromEntries(CONTENDERS.map((k, i) => [k, xs[i]]));
  return [
    row(`Node: cold start to first prediction, beyond an empty process (${ms(cold.empty)})`, {
      ferry: cold.beyondEmpty.get('ferry'),
      float32: cold.beyondEmpty.get('float32'),
      float64: cold.beyondEmpty.get('float64'),
    }),
    row('Node: latency, 1 row', by(one)),
    row('Node: latency, 1,000 rows', by(thousand)),
    {
      what: `Node: agreement with scikit-learn (max abs diff of probabilities over ${c.rows} rows; labels)`,
      values: Object.fromEntries(CONTENDERS.map((k, i) => [k, agreementText(agreement[i])])) as Record<
        Contender,
        string
      >,
    },
  ];
}

async function chromiumRows(c: OnnxCase, dir: string): Promise<OnnxRow[]> {
  const reason = unavailableReason('chromium');
  if (reason !== null) {
    console.warn(`onnx.bench: Chromium rows skipped: ${reason}`);
    return [];
  }
  const server = await serveOnnxSite(dir, c);
  const browser = await launchChromium();
  try {
    const cold = new Map<PageContender, number[]>(CONTENDERS.map((k) => [k, []]));
    for (const k of CONTENDERS) await (await openOnnxPage(browser, server.origin, k, c)).close(); // warm the OS cache
    for (let i = 0; i < STARTS; i++) {
      for (const k of CONTENDERS) {
        const p = await openOnnxPage(browser, server.origin, k, c);
        cold.get(k)?.push(p.coldStartMs);
        await p.close();
      }
    }
    const x = Array.from(c.x);
    const one: Partial<Record<Contender, number>> = {};
    const thousand: Partial<Record<Contender, number>> = {};
    const agreement: Partial<Record<Contender, string>> = {};
    for (const k of CONTENDERS) {
      const p = await openOnnxPage(browser, server.origin, k, c);
      try {
        const out = await p.page.evaluate(([xs, n]) => (globalThis.__onnxPage as OnnxPage).run(xs, n), [
          x,
          c.rows,
        ] as const);
        const got = { labels: Float64Array.from(out.labels), values: Float64Array.from(out.values), cols: out.cols };
        agreement[k] = agreementText(compareOutputs(got, c.expected, c.rows));
        const latency = (rows: 1 | 1000) =>
          p.page.evaluate(([xs, n, per]) => (globalThis.__onnxPage as OnnxPage).latency(xs, n, per), [
            x,
            rows,
            PER_BLOCK[rows],
          ] as const);
        one[k] = await latency(1);
        thousand[k] = await latency(1000);
      } finally {
        await p.close();
      }
    }
    return [
      row('Chromium: cold start, navigation to first prediction (fresh context)', {
        ferry: median(cold.get('ferry') ?? []),
        float32: median(cold.get('float32') ?? []),
        float64: median(cold.get('float64') ?? []),
      }),
      row('Chromium: latency, 1 row', one),
      row('Chromium: latency, 1,000 rows', thousand),
      {
        what: `Chromium: agreement with scikit-learn (max abs diff of probabilities over ${c.rows} rows; labels)`,
        values: agreement as Record<Contender, string>,
      },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The 569 rows through a worker's HTTP answer (JSON doubles round-trip exactly). */
async function workerAgreement(w: BuiltWorker, c: OnnxCase): Promise<Agreement> {
  const server: EdgeServer = await startWorkerd(w.config);
  try {
    const inputs = Array.from({ length: c.rows }, (_, i) =>
      Array.from(c.x.subarray(i * c.features, (i + 1) * c.features)),
    );
    const r = await fetch(server.url, { method: 'POST', body: JSON.stringify({ inputs }) });
    const out = (await r.json()) as { labels: number[]; values: number[]; cols: number };
    return compareOutputs(
      { labels: Float64Array.from(out.labels), values: Float64Array.from(out.values), cols: out.cols },
      c.expected,
      c.rows,
    );
  } finally {
    await server.stop();
  }
}

async function workerdRows(c: OnnxCase, workers: readonly BuiltWorker[]): Promise<OnnxRow[]> {
  const reason = workerdUnavailableReason();
  if (reason !== null) {
    console.warn(`onnx.bench: workerd rows skipped: ${reason}`);
    return [];
  }
  const firstRow = Array.from(c.x.subarray(0, c.features));
  const cold = await workerdColdStarts(workers, firstRow, c.expected.labels[0], STARTS);
  const get = (k: Contender) => cold.workers.get(WORKER_OF[k]);
  const agreement: Partial<Record<Contender, string>> = {};
  for (const k of CONTENDERS) {
    agreement[k] = agreementText(await workerAgreement(workers.find((w) => w.name === WORKER_OF[k]) as BuiltWorker, c));
  }
  return [
    row(`workerd: cold start, spawn to first correct answer, beyond the empty worker (${ms(cold.empty)})`, {
      ferry: get('ferry')?.beyondEmpty,
      float32: get('float32')?.beyondEmpty,
      float64: get('float64')?.beyondEmpty,
    }),
    row('workerd: model load inside the isolate (Server-Timing, 1 ms steps)', {
      ferry: get('ferry')?.load,
      float32: get('float32')?.load,
      float64: get('float64')?.load,
    }),
    {
      what: `workerd: agreement with scikit-learn (max abs diff of probabilities over ${c.rows} rows; labels)`,
      values: agreement as Record<Contender, string>,
    },
  ];
}

function print(c: OnnxCase, rows: readonly OnnxRow[], load: readonly number[]): void {
  console.log(
    `(1-minute load average ${load.map((l) => l.toFixed(2)).join(' at the start, ')} at the end: figures taken ` +
      'while other work loads the cores are provisional)',
  );
  console.log(
    `onnx.bench — ${c.steps.join(' + ')} on ${c.dataset} (${c.features} features), Ferry vs onnxruntime-web 1.30 (one thread)`,
  );
  const header = ['', ...CONTENDERS.map((k) => LABEL[k]), 'ORT f32 / Ferry'];
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const r of rows) {
    const f = r.numbers?.ferry;
    const o = r.numbers?.float32;
    const ratio = f !== undefined && o !== undefined && f > 0 ? `${(o / f).toFixed(1)}×` : '';
    console.log(`| ${[r.what, ...CONTENDERS.map((k) => r.values[k] ?? 'n/a'), ratio].join(' | ')} |`);
  }
}

/** Runs every measurement (builds dist/ when stale); prints the table and returns its rows. */
export async function runOnnxBench(): Promise<OnnxRow[]> {
  await ensureBuilt();
  const c = loadCase(TABLE_CASE);
  const loadAtStart = loadavg()[0];
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'tmp', 'onnx-bench-'));
  try {
    const workers = await buildOnnxWorkers(join(dir, 'workerd'), c);
    const rows = [
      ...sizeRows(workers),
      ...(await nodeRows(c)),
      ...(await chromiumRows(c, join(dir, 'web'))),
      ...(await workerdRows(c, workers)),
    ];
    print(c, rows, [loadAtStart, loadavg()[0]]);
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
