/**
 * The edge build (dist/workerd, scripts/buildEdge.mjs): no Node built-in anywhere, no package bundled, no eval
 * build inside, the kernels left as an `import … from './ferry.wasm'` of a WebAssembly module with
 * ferry.wasm copied beside it, tfjs only in tfjs.js, and the core within 100 KB gzipped.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { checkEdgeImports } from '../../scripts/buildEdge.mjs';
import { ensureBuilt, ROOT } from '../runtimes/build.ts';

const DIST = join(ROOT, 'dist', 'workerd');
/** The budget for the edge core without tfjs, gzipped. */
const CORE_GZIP_BUDGET = 100 * 1024;

let meta: Metafile;
before(async () => {
  await ensureBuilt();
  meta = JSON.parse(readFileSync(join(DIST, 'meta.json'), 'utf8')) as Metafile;
});

/** Every import statement's specifier in a built file (read from the code, not from the metafile). */
function importSpecifiers(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/(?:^|[;\n])\s*(?:import|export)\b[^'"`;]*?\bfrom\s*["']([^"']+)["']/g)) out.push(m[1]);
  for (const m of code.matchAll(/(?:^|[;\n])\s*import\s*["']([^"']+)["']/g)) out.push(m[1]);
  for (const m of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) out.push(m[1]);
  return out;
}

describe('the workerd build (dist/workerd)', () => {
  it('imports no Node built-in and leaves only ./ferry.wasm (and tfjs in tfjs.js) as imports', () => {
    const core = checkEdgeImports(meta).map((f) => join(ROOT, f));
    assert.ok(core.some((f) => f.endsWith('/index.js')));
    for (const file of Object.keys(meta.outputs).filter((f) => f.endsWith('.js'))) {
      const specifiers = importSpecifiers(readFileSync(join(ROOT, file), 'utf8'));
      for (const s of specifiers) {
        assert.ok(!s.startsWith('node:'), `${file} imports ${s}`);
        const allowed = s === './ferry.wasm' || s.startsWith('./shared-') || s.startsWith('@tensorflow/');
        assert.ok(allowed, `${file} imports ${s}`);
        if (core.includes(join(ROOT, file))) assert.ok(!s.startsWith('@tensorflow/'), `core file ${file} imports ${s}`);
      }
    }
    const wasmImporters = core.filter((f) => /import \w+ from "\.\/ferry\.wasm"/.test(readFileSync(f, 'utf8')));
    assert.equal(wasmImporters.length, 1, 'exactly one core file imports ./ferry.wasm');
  });

  it('bundles no package at all (ferryml has no runtime dependency) and never evaluates code', () => {
    const packages = Object.keys(meta.inputs).filter((p) => p.includes('node_modules/'));
    assert.deepEqual(packages, []);
    for (const f of checkEdgeImports(meta)) {
      const code = readFileSync(join(ROOT, f), 'utf8');
      assert.ok(!/\bnew Function\s*\(/.test(code), `${f} calls new Function`);
      assert.ok(!/[^.\w]eval\s*\(/.test(code), `${f} calls eval`);
    }
  });

  it('copies ferry.wasm beside the bundle, byte for byte', () => {
    assert.deepEqual(readFileSync(join(DIST, 'ferry.wasm')), readFileSync(join(ROOT, 'build', 'ferry.wasm')));
    assert.ok(WebAssembly.validate(readFileSync(join(DIST, 'ferry.wasm'))));
  });

  it('keeps the core (index.js and its chunks, without tfjs) within 100 KB gzipped', () => {
    const core = checkEdgeImports(meta);
    const gzipped = core.reduce((sum, f) => sum + gzipSync(readFileSync(join(ROOT, f)), { level: 9 }).byteLength, 0);
    assert.ok(
      gzipped <= CORE_GZIP_BUDGET,
      `${core.map((f) => relative('dist', f)).join(' + ')}: ${gzipped} bytes gzipped`,
    );
  });
});

describe('checkEdgeImports', () => {
  const output = (imports: Metafile['outputs'][string]['imports']) => ({
    imports,
    exports: [],
    inputs: {},
    bytes: 1,
  });
  const shape = (outputs: Record<string, ReturnType<typeof output>>): Metafile => ({ inputs: {}, outputs });

  it('accepts the kernels import, and tfjs outside the core', () => {
    const ok = shape({
      'dist/workerd/index.js': output([{ path: 'dist/workerd/shared-A.js', kind: 'import-statement' }]),
      'dist/workerd/shared-A.js': output([{ path: './ferry.wasm', kind: 'import-statement', external: true }]),
      'dist/workerd/tfjs.js': output([{ path: '@tensorflow/tfjs', kind: 'import-statement', external: true }]),
    });
    assert.deepEqual(checkEdgeImports(ok).sort(), ['dist/workerd/index.js', 'dist/workerd/shared-A.js']);
  });

  it('rejects node: imports, bare Node built-ins, other packages, and tfjs in the core', () => {
    for (const [path, file] of [
      ['node:fs', 'dist/workerd/tfjs.js'],
      ['crypto', 'dist/workerd/tfjs.js'],
      ['msgpackr', 'dist/workerd/tfjs.js'],
      ['@tensorflow/tfjs-core', 'dist/workerd/shared-A.js'],
    ] as const) {
      const metafile = shape({
        'dist/workerd/index.js': output([{ path: 'dist/workerd/shared-A.js', kind: 'import-statement' }]),
        'dist/workerd/shared-A.js': output([]),
        'dist/workerd/tfjs.js': output([]),
      });
      metafile.outputs[file].imports.push({ path, kind: 'import-statement', external: true });
      assert.throws(() => checkEdgeImports(metafile), new RegExp(`imports? ${path.replace('/', '\\/')}`), path);
    }
  });
});
