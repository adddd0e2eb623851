/**
 * Size of the edge build: the ferryml core for workerd (dist/workerd/index.js and its chunks, without
 * tfjs) and ferryml/tfjs (tfjs.js, tfjs itself excluded), raw and gzipped; then the example workers
 * as bundled and minified for workerd (seed-worker.js: core + IdentityWithQueue; mlp-worker.js: core +
 * tfjs-core, tfjs-layers and the wasm backend's JavaScript, plus its tfjs-backend-wasm-simd.wasm;
 * mlp-cpu-worker.js: core + tfjs-core, tfjs-layers, the cpu backend; graph-worker.js: core +
 * ferryml/tfjs-graph, tfjs-core, tfjs-converter and the wasm backend, which must hold no tfjs-layers
 * code; graph-cpu-worker.js: the same on the cpu backend). Target: core ≤ 100 KB gzipped.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { TFJS_WASM_FILE } from '../../examples/edge/workerd/bundle.ts';
import { checkEdgeImports } from '../../scripts/buildEdge.mjs';
import { type EdgeFixture, prepareEdgeFixture } from '../../test/edge/fixture.ts';
import { ROOT } from '../../test/runtimes/build.ts';

const TARGET_BYTES = 100 * 1024;

/** Raw and gzipped (level 9) bytes of one artefact. */
export interface SizeRow {
  readonly what: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

function size(what: string, files: readonly string[]): SizeRow {
  let bytes = 0;
  let gzipBytes = 0;
  for (const f of files) {
    bytes += statSync(f).size;
    gzipBytes += gzipSync(readFileSync(f), { level: 9 }).byteLength;
  }
  return { what, bytes, gzipBytes };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** Bytes a package contributes to a bundle (before minification's gzip), from the bundle's metafile. */
function packageBytes(metafile: string, pkg: string): number {
  const meta = JSON.parse(readFileSync(metafile, 'utf8')) as Metafile;
  let bytes = 0;
  for (const out of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
      if (input.includes(`node_modules/${pkg}/`)) bytes += bytesInOutput;
    }
  }
  return bytes;
}

/** Measures the sizes (builds dist/ and the example when needed); prints and returns them. */
export async function runEdgeBundleSizeBench(fixture?: EdgeFixture): Promise<SizeRow[]> {
  const f = fixture ?? (await prepareEdgeFixture());
  try {
    const meta = JSON.parse(readFileSync(join(ROOT, 'dist/workerd/meta.json'), 'utf8')) as Metafile;
    const core = checkEdgeImports(meta).map((p) => join(ROOT, p));
    const rows = [
      size('ferryml core (dist/workerd)', core),
      size('ferryml/tfjs layer (tfjs.js)', [join(ROOT, 'dist/workerd/tfjs.js')]),
      size('seed worker, minified', [join(f.dir, 'seed-worker.js')]),
      size('MLP worker, tfjs wasm, minified', [join(f.dir, 'mlp-worker.js')]),
      size('tfjs-backend-wasm-simd.wasm', [join(f.dir, TFJS_WASM_FILE)]),
      size('MLP worker, tfjs cpu, minified', [join(f.dir, 'mlp-cpu-worker.js')]),
      size('graph worker, tfjs wasm, minified', [join(f.dir, 'graph-worker.js')]),
      size('graph worker, tfjs cpu, minified', [join(f.dir, 'graph-cpu-worker.js')]),
      size('ferry.wasm', [join(ROOT, 'dist/workerd/ferry.wasm')]),
    ];
    console.log('edge/bundleSize.bench — the workerd build');
    for (const r of rows) console.log(`  ${r.what.padEnd(32)} ${kb(r.bytes).padStart(9)}  gzip ${kb(r.gzipBytes)}`);
    for (const worker of ['graph-worker', 'graph-cpu-worker']) {
      const layers = packageBytes(join(f.dir, `${worker}.meta.json`), '@tensorflow/tfjs-layers');
      console.log(`  ${worker}.js: ${kb(layers)} of tfjs-layers code (graph-only bundles need none)`);
    }
    const mark = rows[0].gzipBytes <= TARGET_BYTES ? 'ok' : 'OVER TARGET';
    console.log(`  core gzipped ${kb(rows[0].gzipBytes)} (target ≤ ${kb(TARGET_BYTES)}) ${mark}`);
    return rows;
  } finally {
    if (!fixture) f.remove();
  }
}
