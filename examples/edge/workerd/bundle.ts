/**
 * Builds the workerd example into a folder that `workerd serve` can run: bundles seedWorker.ts,
 * mlpWorker.ts and graphWorker.ts (tfjs on wasm), mlpCpuWorker.ts and graphCpuWorker.ts (tfjs on cpu)
 * with esbuild as `wrangler` would (the `workerd` condition, `ferryml` → the built edge bundle
 * dist/workerd/), and copies ferry.wasm, tfjs-backend-wasm-simd.wasm and the configs beside them. The
 * packs (seed.ferrypack, mlp.ferrypack, graph.ferrypack) are written there by the caller (see
 * makePacks.ts).
 * Run: `node --import tsx examples/edge/workerd/bundle.ts <folder>` after `npm run build`.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The wasm backend's SIMD binary, which the wasm MLP worker imports as a compiled module. */
export const TFJS_WASM_FILE = 'tfjs-backend-wasm-simd.wasm';

/** The workerd configurations this folder gets (see each file's header). */
const CONFIGS = ['config.capnp', 'seed.capnp', 'mlp.capnp', 'mlp-cpu.capnp', 'graph.capnp', 'graph-cpu.capnp'];

/** Options of {@link bundleWorkerd}. */
export interface BundleWorkerdOptions {
  /** The built edge bundle (default: dist/workerd of this checkout). */
  readonly dist?: string;
  /** Also bundle the tfjs workers (MLP and graph): default true. */
  readonly mlp?: boolean;
}

/** What each worker bundle is: its source, and which parts of tfjs it has. */
interface WorkerBundle {
  readonly entry: string;
  /** Uses tfjs (skipped with `mlp: false`). */
  readonly tfjs: boolean;
  /** What `@tensorflow/tfjs` (the umbrella package) resolves to: a subset of it (layers workers). */
  readonly umbrella?: string;
  /**
   * The backend package this worker never runs: `pickBackend`'s dynamic import of it stays an
   * unresolved import that is never taken, instead of bundling the package.
   */
  readonly unused?: 'wasm' | 'cpu';
  /**
   * Defines its own step classes, registered under their class names: bundled with keepNames so
   * that minifying keeps those names (and so the ids its pack was saved under).
   */
  readonly definesSteps?: boolean;
}

const WORKERS: Record<string, WorkerBundle> = {
  'seed-worker': { entry: 'seedWorker.ts', tfjs: false, definesSteps: true },
  'mlp-worker': { entry: 'mlpWorker.ts', tfjs: true, umbrella: 'tfjsWasm.ts', unused: 'cpu' },
  'mlp-cpu-worker': { entry: 'mlpCpuWorker.ts', tfjs: true, umbrella: 'tfjsCpu.ts', unused: 'wasm' },
  // Graph workers import tfjs-core, tfjs-converter and a backend themselves (ferryml/tfjs-graph).
  'graph-worker': { entry: 'graphWorker.ts', tfjs: true, unused: 'cpu' },
  'graph-cpu-worker': { entry: 'graphCpuWorker.ts', tfjs: true, unused: 'wasm' },
};

/**
 * `ferryml`, `ferryml/tfjs` and `ferryml/tfjs-graph` → the built edge bundle; `./*.wasm` and
 * `./*.ferrypack` stay imports of workerd modules; `@tensorflow/tfjs` → the worker's subset of tfjs;
 * the dynamic import of the unused backend stays external; the seed worker imports no tfjs at all.
 */
function edgeResolver(dist: string, worker: WorkerBundle): Plugin {
  return {
    name: 'ferry-edge-example',
    setup(b) {
      b.onResolve({ filter: /^ferryml$/ }, () => ({ path: join(dist, 'index.js') }));
      b.onResolve({ filter: /^ferryml\/(tfjs|tfjs-graph)$/ }, (args) => ({
        path: join(dist, `${args.path.slice('ferryml/'.length)}.js`),
      }));
      b.onResolve({ filter: /^\.\/[\w.-]+\.(wasm|ferrypack)$/ }, (args) => ({ path: args.path, external: true }));
      if (!worker.tfjs) b.onResolve({ filter: /^@tensorflow\// }, (args) => ({ path: args.path, external: true }));
      const { umbrella, unused } = worker;
      if (umbrella) b.onResolve({ filter: /^@tensorflow\/tfjs$/ }, () => ({ path: join(HERE, umbrella) }));
      if (unused) {
        const pkg = new RegExp(`^@tensorflow/tfjs-backend-${unused}(/|$)`);
        b.onResolve({ filter: pkg }, (args) =>
          args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
        );
      }
    },
  };
}

/** The folder of @tensorflow/tfjs-backend-wasm's `.wasm` files (its dist/). */
function tfjsWasmFolder(): string {
  return dirname(createRequire(join(ROOT, 'package.json')).resolve('@tensorflow/tfjs-backend-wasm'));
}

/**
 * Bundles the workers into `outdir` (seed-worker.js, mlp-worker.js, mlp-cpu-worker.js,
 * graph-worker.js, graph-cpu-worker.js) with ferry.wasm, tfjs-backend-wasm-simd.wasm and the
 * configs; returns each bundle's metafile by name (also written beside it, `<name>.meta.json`).
 */
export async function bundleWorkerd(
  outdir: string,
  options: BundleWorkerdOptions = {},
): Promise<Record<string, Metafile>> {
  const dist = options.dist ?? join(ROOT, 'dist', 'workerd');
  if (!existsSync(join(dist, 'index.js'))) throw new Error(`${dist}/index.js is missing: run npm run build first`);
  mkdirSync(outdir, { recursive: true });
  const metafiles: Record<string, Metafile> = {};
  for (const [name, worker] of Object.entries(WORKERS)) {
    if (worker.tfjs && options.mlp === false) continue;
    const result = await build({
      entryPoints: { [name]: join(HERE, worker.entry) },
      outdir,
      bundle: true,
      format: 'esm',
      target: 'es2022',
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      minify: true,
      // keepNames only where the worker's own classes need their names: ferryml's built files
      // already name theirs, and keepNames would wrap every closure tfjs creates per op in a
      // `__name` call (a defineProperty on each new function), which cost the wasm MLP worker ~6% of
      // its requests per second.
      keepNames: worker.definesSteps === true,
      metafile: true,
      logLevel: 'warning',
      plugins: [edgeResolver(dist, worker)],
    });
    metafiles[name] = result.metafile;
    writeFileSync(join(outdir, `${name}.meta.json`), JSON.stringify(result.metafile));
  }
  copyFileSync(join(dist, 'ferry.wasm'), join(outdir, 'ferry.wasm'));
  if (options.mlp !== false) copyFileSync(join(tfjsWasmFolder(), TFJS_WASM_FILE), join(outdir, TFJS_WASM_FILE));
  for (const config of CONFIGS) copyFileSync(join(HERE, config), join(outdir, config));
  return metafiles;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outdir = process.argv[2] ?? 'edge-workerd';
  await bundleWorkerd(outdir);
  console.log(`bundled the workers into ${outdir}; add the packs (makePacks.ts) and run`);
  console.log(`  node_modules/.bin/workerd serve ${outdir}/config.capnp config`);
}
