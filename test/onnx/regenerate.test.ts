/**
 * bench/onnx/make_onnx.py reproduces what is committed under bench/onnx/models/: every ONNX graph and every Ferry
 * step file byte for byte, reference.json as parsed JSON (the committed copy is Biome-formatted). So the models
 * the tests and the benchmark run are the ones the script builds from scikit-learn, not hand-edited files.
 * The dumps come from the repository's Python package (python/, `ferryml.sklearn.export`), so this also checks
 * that its export is deterministic. Needs /usr/bin/python3 with scikit-learn, onnx, msgpack and xxhash; skipped
 * loudly without them, a failure under CI=true.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MODELS_DIR } from '../../bench/onnx/reference.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../../bench/onnx/make_onnx.py', import.meta.url));

function pythonMissing(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn, onnx, msgpack, xxhash, numpy'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} not found (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} lacks a module: ${probe.stderr.trim().split('\n').at(-1)}`;
  return null;
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => relative(dir, join(dir, f)))
    .sort();
}

it('bench/onnx/make_onnx.py regenerates bench/onnx/models/ (ONNX graphs, Ferry dumps, reference.json)', (t) => {
  const missing = pythonMissing();
  if (missing) {
    const why = `cannot rerun bench/onnx/make_onnx.py: ${missing} (apt-get install python3-sklearn python3-onnx python3-msgpack python3-xxhash)`;
    console.warn(`\n!!! SKIPPED: ${why}\n`);
    if (process.env.CI === 'true') assert.fail(why);
    t.skip(why);
    return;
  }
  const out = mkdtempSync(join(tmpdir(), 'ferry-onnx-'));
  try {
    const run = spawnSync(PYTHON, [SCRIPT, out], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 0, `make_onnx.py failed:\n${run.stderr}`);
    const fresh = files(out);
    assert.deepEqual(fresh, files(MODELS_DIR), 'the files make_onnx.py writes');
    assert.ok(fresh.filter((f) => f.endsWith('.onnx')).length === 10, 'two graphs per case');
    for (const f of fresh) {
      if (f === 'reference.json') {
        const parse = (dir: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown;
        assert.deepEqual(parse(out), parse(MODELS_DIR), 'reference.json');
      } else {
        assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(MODELS_DIR, f))), `${f} differs`);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
