/**
 * Builds the workerd example into a folder that `workerd serve` can run: bundles seedWorker.ts and
 * mlpWorker.ts with esbuild as `wrangler` would (the `workerd` condition, `ferryml` → the built edge
 * bundle dist/workerd/), copies ferry.wasm and the two configs beside them. The packs
 * (seed.ferrypack, mlp.ferrypack) are written there by the caller (see makePacks.ts).
 * Run: `node --import tsx examples/edge/workerd/bundle.ts <folder>` after `npm run build`.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Options of {@link bundleWorkerd}. */
export interface BundleWorkerdOptions {
  /** The built edge bundle (default: dist/workerd of this checkout). */
  readonly dist?: string;
  /** Also bundle the MLP worker (tfjs): default true. */
  readonly mlp?: boolean;
}

/**
 * `ferryml` and `ferryml/tfjs` → the built edge bundle; `./ferry.wasm` and `./*.ferrypack` stay
 * imports of workerd modules; `@tensorflow/tfjs` → core + layers + cpu only (tfjsCpu.ts).
 */
function edgeResolver(dist: string): Plugin {
  return {
    name: 'ferry-edge-example',
    setup(b) {
      b.onResolve({ filter: /^ferryml$/ }, () => ({ path: join(dist, 'index.js') }));
      b.onResolve({ filter: /^ferryml\/tfjs$/ }, () => ({ path: join(dist, 'tfjs.js') }));
      b.onResolve({ filter: /^\.\/[\w.-]+\.(wasm|ferrypack)$/ }, (args) => ({ path: args.path, external: true }));
      b.onResolve({ filter: /^@tensorflow\/tfjs$/ }, () => ({ path: join(HERE, 'tfjsCpu.ts') }));
      // pickBackend's lazy import of the wasm backend: never taken on workerd (tfjsCpu.ts says why).
      b.onResolve({ filter: /^@tensorflow\/tfjs-backend-wasm$/ }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** Bundles the workers into `outdir` (seed-worker.js, mlp-worker.js) with ferry.wasm and the configs. */
export async function bundleWorkerd(outdir: string, options: BundleWorkerdOptions = {}): Promise<Metafile> {
  const dist = options.dist ?? join(ROOT, 'dist', 'workerd');
  if (!existsSync(join(dist, 'index.js'))) throw new Error(`${dist}/index.js is missing: run npm run build first`);
  mkdirSync(outdir, { recursive: true });
  const entryPoints: Record<string, string> = { 'seed-worker': join(HERE, 'seedWorker.ts') };
  if (options.mlp !== false) entryPoints['mlp-worker'] = join(HERE, 'mlpWorker.ts');
  const result = await build({
    entryPoints,
    outdir,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    minify: true,
    keepNames: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [edgeResolver(dist)],
  });
  copyFileSync(join(dist, 'ferry.wasm'), join(outdir, 'ferry.wasm'));
  for (const config of ['config.capnp', 'seed.capnp']) copyFileSync(join(HERE, config), join(outdir, config));
  return result.metafile;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outdir = process.argv[2] ?? 'edge-workerd';
  await bundleWorkerd(outdir);
  console.log(`bundled the workers into ${outdir}; add seed.ferrypack and mlp.ferrypack (makePacks.ts) and run`);
  console.log(`  node_modules/.bin/workerd serve ${outdir}/config.capnp config`);
}
