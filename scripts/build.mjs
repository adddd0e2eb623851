// Builds dist/: the WASM kernels (asc), the ESM bundles per runtime (esbuild) and the .d.ts files (tsc).
// Each runtime bundle gets a meta.json (esbuild metafile) beside it; tests read it (e.g. "no node: import
// in the browser bundle"); package.json's "files" leaves them out of the tarball. Source maps carry no
// embedded sources (sourcesContent: false): they map to src/, which the repository has.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { buildEdge } from './buildEdge.mjs';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

run(bin('asc'), ['assembly/index.ts', '--config', 'asconfig.json', '--target', 'release']);
copyFileSync('build/ferry.wasm', 'dist/ferry.wasm');

const common = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  sourcesContent: false,
  // Error names come from `new.target.name`: without keepNames esbuild renames colliding classes
  // (`StorageQuotaError` became `_StorageQuotaError` in the IndexedDB adapter bundle).
  keepNames: true,
  logLevel: 'warning',
};

/**
 * One bundle per `exports` condition of package.json. ferryml has no runtime dependency (its msgpack encoder and
 * decoder are its own), so nothing but the optional peers (tfjs, the queue) stays an import.
 * Append a target here for a new runtime (issue 7: workerd).
 */
const targets = [
  { runtime: 'node', platform: 'node', external: [] },
  { runtime: 'deno', platform: 'neutral', external: [] },
  { runtime: 'bun', platform: 'node', external: [] },
  { runtime: 'browser', platform: 'browser', external: [] },
];
/** tfjs is a peer dependency: never bundled. */
const TFJS_EXTERNAL = ['@tensorflow/*'];
/** BullMQ and its Redis driver (ferryml/distributed's optional peers, imported when a queue is used): never bundled. */
const QUEUE_EXTERNAL = ['bullmq', 'ioredis'];

/**
 * `import bytes from './ferry.wasm?bytes'` (the browser entry): the kernels' bytes embedded in the bundle
 * (esbuild's binary loader), so that no bundler (esbuild, Vite, webpack) needs a copy step or a loader.
 */
const embeddedWasmPlugin = {
  name: 'ferry-embedded-wasm',
  setup(b) {
    b.onResolve({ filter: /\.wasm\?bytes$/ }, () => ({
      path: new URL('../build/ferry.wasm', import.meta.url).pathname,
    }));
    b.onLoad({ filter: /\.wasm$/ }, async (args) => ({ contents: readFileSync(args.path), loader: 'binary' }));
  },
};

/** Storage adapters, importable alone as `ferryml/adapters/<name>`. */
const adapters = [
  { name: 'fs', platform: 'node' },
  { name: 'memory', platform: 'neutral' },
  { name: 'deno', platform: 'neutral' },
  { name: 'bun', platform: 'node' },
  { name: 'indexeddb', platform: 'browser' },
  { name: 'http', platform: 'neutral' },
  { name: 'pack', platform: 'neutral' },
  // aws4fetch (SigV4) is bundled in: users install nothing for S3.
  { name: 's3', platform: 'neutral' },
];

// Each runtime builds `index.js` (ferryml) and `tfjs.js` (ferryml/tfjs) together with code splitting, so
// both share one copy of the core (one class registry) in a chunk.
for (const t of targets) {
  const result = await build({
    ...common,
    entryPoints: {
      index: `src/entries/${t.runtime}.ts`,
      tfjs: `src/entries/tfjs/${t.runtime}.ts`,
      'tfjs-graph': `src/entries/tfjs-graph/${t.runtime}.ts`,
      // Queued-pipeline and AutoML workers' entry; src/parallel/workerEntryUrl.ts finds it beside the shared chunk.
      worker: `src/parallel/workerEntries/${t.runtime}.ts`,
      // ferryml/distributed (BullMQ over Redis): server runtimes only.
      ...(t.runtime === 'browser' ? {} : { distributed: `src/entries/distributed/${t.runtime}.ts` }),
    },
    outdir: `dist/${t.runtime}`,
    splitting: true,
    chunkNames: 'shared-[hash]', // beside the entries, so '../ferry.wasm' resolves from every file
    platform: t.platform,
    external: [...t.external, ...TFJS_EXTERNAL, ...QUEUE_EXTERNAL],
    // Neutral bundles resolve packages by their "module"/"main" fields.
    mainFields: t.platform === 'neutral' ? ['module', 'main'] : undefined,
    metafile: true,
    plugins: [embeddedWasmPlugin],
  });
  writeFileSync(`dist/${t.runtime}/meta.json`, JSON.stringify(result.metafile));
}
// workerd (edge): index.js + tfjs.js the same way, with the kernels as a `WebAssembly.Module` import of
// ./ferry.wasm and no `node:` import (checked on its metafile).
await buildEdge({ outdir: 'dist/workerd' });
// The `ferry` command line (package.json "bin").
await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  platform: 'node',
  external: [...TFJS_EXTERNAL, ...QUEUE_EXTERNAL],
  banner: { js: '#!/usr/bin/env node' },
});
for (const a of adapters) {
  await build({
    ...common,
    entryPoints: [`adapters/${a.name}.ts`],
    outfile: `dist/adapters/${a.name}.js`,
    platform: a.platform,
    external: [],
  });
}

run(bin('tsc'), ['-p', 'tsconfig.build.json']);
console.log('built dist/');
