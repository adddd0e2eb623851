/**
 * `pip install ./python` works offline with Debian's pip and setuptools (no build isolation: PyPI is out of reach),
 * and the installed package — imported from outside the checkout — ships its field schemas and reads a dump.
 * Installs into a temporary folder (`--target`), never into the system.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { ROOT } from '../runtimes/build.ts';
import { PYTHON, pythonUnavailable } from './pythonEnv.ts';

const probe = spawnSync(PYTHON, ['-c', 'import setuptools, pip'], { encoding: 'utf8' });
const reason =
  pythonUnavailable ??
  (probe.status === 0
    ? null
    : `pip or setuptools is missing (apt-get install python3-pip python3-setuptools): ${probe.stderr.trim().slice(-200)}`);
if (reason && process.env.CI === 'true') throw new Error(`CI=true: ${reason}`);
if (reason) console.warn(`\n!!! SKIPPING the pip install test: ${reason}\n`);

mkdirSync(join(ROOT, 'tmp'), { recursive: true });
const dir = mkdtempSync(join(ROOT, 'tmp', 'pip-'));
after(() => rmSync(dir, { recursive: true, force: true }));

it('pip install ./python installs a package that reads and writes dumps', { skip: reason ?? false }, () => {
  const target = join(dir, 'site');
  const install = spawnSync(
    PYTHON,
    [
      '-m',
      'pip',
      'install',
      '--no-build-isolation',
      '--no-deps',
      '--no-index',
      '--target',
      target,
      join(ROOT, 'python'),
    ],
    { encoding: 'utf8', env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' } },
  );
  assert.equal(install.status, 0, `${install.stdout}\n${install.stderr}`.slice(-4000));
  const script = `
import json, os, ferryml, numpy as np
from ferryml.values import new_step
step = new_step("ferry.StandardScaler", "s", {"withMean": True, "withStd": True, "copy": True},
                {"mean": np.zeros(2), "var": np.ones(2), "scale": np.ones(2), "nFeaturesIn": 2, "nSamplesSeen": 3})
path = ferryml.save(step, os.path.join(${JSON.stringify(dir)}, "out"), pack=True)
print(json.dumps({"file": ferryml.__file__, "version": ferryml.__version__, "loaded": ferryml.load(path).class_id}))
`;
  const run = spawnSync(PYTHON, ['-c', script], {
    cwd: tmpdir(),
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: target, PYTHONDONTWRITEBYTECODE: '1' },
  });
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { file: string; version: string; loaded: string };
  assert.ok(out.file.startsWith(target), `imported from ${out.file}, not the installed copy`);
  assert.equal(out.loaded, 'ferry.StandardScaler');
  const pyproject = readFileSync(join(ROOT, 'python/pyproject.toml'), 'utf8');
  assert.ok(pyproject.includes(`version = "${out.version}"`), "the installed version is the checkout's");
  const shipped = readFileSync(join(target, 'ferryml', 'field-schemas.json'), 'utf8');
  assert.equal(shipped, readFileSync(join(ROOT, 'docs/field-schemas.json'), 'utf8'));
});
