/**
 * Builds the workerd workers of the ONNX comparison for one case, each in a folder of its own that
 * `workerd serve <folder>/worker.capnp` runs: the worker bundled and minified with esbuild as wrangler would
 * (the `workerd` condition), its WebAssembly as a `wasm` module and the model as a `data` module.
 * - `ferry/`: ferryml's edge build (dist/workerd), `ferry.wasm`, the case's dump packed (`model.ferrypack`);
 * - `ort-f32/`, `ort-f64/`: `onnxruntime-web/wasm`, `ort-wasm-simd-threaded.wasm`, the case's graph (`model.onnx`).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { FileSystemStorage, pack } from 'ferryml';
import { ROOT } from '../../../test/runtimes/build.ts';
import type { OrtPrecision } from '../ortPredictor.ts';
import { FERRY_ROOT, type OnnxCase } from '../reference.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
/** onnxruntime-web's single-threaded SIMD build (the one its wasm entry loads). */
export const ORT_WASM = join(ROOT, 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm');

/** The three workers of the comparison, and the onnxruntime worker given its wasm as bytes (which fails). */
export type WorkerName = 'ferry' | 'ort-f32' | 'ort-f64' | 'ort-bytes';

/** A built worker: its config, and the files a deployment uploads (worker.js, the wasm, the model). */
export interface BuiltWorker {
  readonly name: WorkerName;
  readonly config: string;
  readonly files: { readonly script: string; readonly wasm: string; readonly model: string };
}

function config(wasm: string, model: string, wasmAs: 'wasm' | 'data' = 'wasm'): string {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "${wasm}", ${wasmAs} = embed "${wasm}"),
    (name = "${model}", data = embed "${model}"),
  ],
  compatibilityDate = "2026-11-01",
);
`;
}

/** `ferryml` → the built edge bundle; the worker's wasm and model stay imports of workerd modules. */
const resolver: Plugin = {
  name: 'onnx-bench-workers',
  setup(b) {
    b.onResolve({ filter: /^ferryml$/ }, () => ({ path: join(ROOT, 'dist/workerd/index.js') }));
    b.onResolve({ filter: /^\.\/[\w.-]+\.(wasm|ferrypack|onnx)$/ }, (args) => ({ path: args.path, external: true }));
  },
};

async function bundle(entry: string, outfile: string, define: Record<string, string>): Promise<void> {
  await build({
    entryPoints: [join(HERE, entry)],
    outfile,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    minify: true,
    keepNames: true,
    define,
    logLevel: 'error',
    plugins: [resolver],
  });
}

/** Builds the workers of case `c` under `dir` (needs dist/workerd: ensureBuilt()). */
export async function buildOnnxWorkers(dir: string, c: OnnxCase): Promise<BuiltWorker[]> {
  const built: BuiltWorker[] = [];
  const ferryDir = join(dir, 'ferry');
  mkdirSync(ferryDir, { recursive: true });
  await bundle('ferryWorker.ts', join(ferryDir, 'worker.js'), { FEATURES: String(c.features) });
  copyFileSync(join(ROOT, 'dist/workerd/ferry.wasm'), join(ferryDir, 'ferry.wasm'));
  writeFileSync(join(ferryDir, 'model.ferrypack'), await pack(new FileSystemStorage(FERRY_ROOT), c.name));
  writeFileSync(join(ferryDir, 'worker.capnp'), config('ferry.wasm', 'model.ferrypack'));
  built.push(files('ferry', ferryDir, 'ferry.wasm', 'model.ferrypack'));
  for (const precision of ['float32', 'float64'] as const satisfies readonly OrtPrecision[]) {
    const name: WorkerName = precision === 'float32' ? 'ort-f32' : 'ort-f64';
    built.push(await buildOrtWorker(join(dir, name), name, c, precision, 'module'));
  }
  return built;
}

/**
 * One onnxruntime-web worker in `d`. `wasmAs: 'bytes'` embeds the wasm as a `data` module handed to onnxruntime
 * as `wasmBinary` with no redirect (workerd refuses to compile it: the tests show the error).
 */
export async function buildOrtWorker(
  d: string,
  name: WorkerName,
  c: OnnxCase,
  precision: OrtPrecision,
  wasmAs: 'module' | 'bytes',
): Promise<BuiltWorker> {
  mkdirSync(d, { recursive: true });
  await bundle('ortWorker.ts', join(d, 'worker.js'), {
    FEATURES: String(c.features),
    PRECISION: JSON.stringify(precision),
    WASM_AS: JSON.stringify(wasmAs),
  });
  copyFileSync(ORT_WASM, join(d, 'ort-wasm-simd-threaded.wasm'));
  writeFileSync(join(d, 'model.onnx'), readFileSync(c.onnxPath(precision)));
  const kind = wasmAs === 'module' ? 'wasm' : 'data';
  writeFileSync(join(d, 'worker.capnp'), config('ort-wasm-simd-threaded.wasm', 'model.onnx', kind));
  return files(name, d, 'ort-wasm-simd-threaded.wasm', 'model.onnx');
}

function files(name: WorkerName, d: string, wasm: string, model: string): BuiltWorker {
  return {
    name,
    config: join(d, 'worker.capnp'),
    files: { script: join(d, 'worker.js'), wasm: join(d, wasm), model: join(d, model) },
  };
}
