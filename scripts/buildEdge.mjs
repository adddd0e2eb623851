// Builds the edge bundle of ferryml (the `workerd` export condition) into dist/workerd/:
//   index.js  ferryml (the core, with the kernels taken as a compiled `WebAssembly.Module` import)
//   tfjs.js   ferryml/tfjs (tfjs itself stays an import: the worker's bundler supplies it)
//   shared-*.js the core both share (one class registry), ferry.wasm beside them, meta.json (metafile).
// Edge runtimes forbid compiling WASM from bytes and `eval`, and have no `node:` modules, so:
// `./ferry.wasm` stays an import for the runtime or bundler to hand over as a `WebAssembly.Module`,
// nothing is evaluated at run time (ferryml's msgpack code is its own), and the metafile is checked for Node built-ins.
// CLI: `node scripts/buildEdge.mjs [outdir]` (needs build/ferry.wasm: `npm run build:wasm`).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The two entry points of the edge build (output name → source). */
export const EDGE_ENTRIES = {
  index: 'src/entries/workerd.ts',
  tfjs: 'src/entries/tfjs/workerd.ts',
  'tfjs-graph': 'src/entries/tfjs-graph/workerd.ts',
};

/** The only imports the edge build may leave: the kernels module, and tfjs (a peer, in tfjs.js only). */
const WASM_IMPORT = './ferry.wasm';
const TFJS_EXTERNAL = /^@tensorflow\//;

const NODE_BUILTINS = new Set(builtinModules);

/** Keeps `./ferry.wasm` as written: the runtime (or the worker's bundler) resolves it next to the bundle. */
const wasmImportPlugin = {
  name: 'ferry-wasm-module-import',
  setup(b) {
    b.onResolve({ filter: /^\.\/ferry\.wasm$/ }, () => ({ path: WASM_IMPORT, external: true }));
  },
};

/**
 * Throws unless every import an output leaves is allowed: no `node:` module or Node built-in
 * anywhere, `./ferry.wasm`, and `@tensorflow/*` only outside the core (index.js and its chunks).
 * @param {import('esbuild').Metafile} metafile
 * @returns {string[]} the output files index.js loads (itself and its chunks), for size checks
 */
export function checkEdgeImports(metafile) {
  const problems = [];
  for (const [file, out] of Object.entries(metafile.outputs)) {
    for (const imp of out.imports) {
      if (!imp.external) continue;
      if (imp.path.startsWith('node:') || NODE_BUILTINS.has(imp.path)) problems.push(`${file} imports ${imp.path}`);
      else if (imp.path !== WASM_IMPORT && !TFJS_EXTERNAL.test(imp.path))
        problems.push(`${file} leaves the import ${imp.path}`);
    }
  }
  const core = coreFiles(metafile);
  for (const file of core) {
    for (const imp of metafile.outputs[file].imports) {
      if (imp.external && TFJS_EXTERNAL.test(imp.path)) problems.push(`${file} (core) imports ${imp.path}`);
    }
  }
  if (problems.length > 0) throw new Error(`edge build: forbidden imports:\n  ${problems.join('\n  ')}`);
  return core;
}

/** index.js and every chunk it imports statically, as metafile output paths. */
function coreFiles(metafile) {
  const index = Object.keys(metafile.outputs).find((f) => f.endsWith('/index.js'));
  if (!index) throw new Error('edge build: no index.js in the metafile');
  const seen = new Set([index]);
  const queue = [index];
  while (queue.length > 0) {
    const file = queue.pop();
    for (const imp of metafile.outputs[file].imports) {
      if (!imp.external && imp.kind === 'import-statement' && !seen.has(imp.path)) {
        seen.add(imp.path);
        queue.push(imp.path);
      }
    }
  }
  return [...seen];
}

/**
 * Bundles the edge entries into `outdir` (default `dist/workerd`), copies `build/ferry.wasm` next to
 * them, writes `meta.json`, and checks the imports (see {@link checkEdgeImports}).
 * @param {{ outdir?: string, wasm?: string }} [options] paths relative to the repository root, or absolute
 * @returns {Promise<{ metafile: import('esbuild').Metafile, coreFiles: string[] }>} coreFiles: absolute paths
 */
export async function buildEdge(options = {}) {
  const outdir = resolve(ROOT, options.outdir ?? 'dist/workerd');
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: EDGE_ENTRIES,
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: 'shared-[hash]', // beside the entries, so './ferry.wasm' resolves from every file
    format: 'esm',
    target: 'es2022',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    external: ['@tensorflow/*'],
    plugins: [wasmImportPlugin],
    sourcemap: true,
    sourcesContent: false,
    keepNames: true,
    metafile: true,
    logLevel: 'warning',
  });
  const core = checkEdgeImports(result.metafile);
  copyFileSync(resolve(ROOT, options.wasm ?? 'build/ferry.wasm'), join(outdir, 'ferry.wasm'));
  writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  return { metafile: result.metafile, coreFiles: core.map((f) => resolve(ROOT, f)) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { coreFiles: core } = await buildEdge({ outdir: process.argv[2] });
  console.log(`built the edge bundle: ${core.join(', ')}`);
}
