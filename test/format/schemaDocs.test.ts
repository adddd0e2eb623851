import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';

it("docs/FORMAT.md's per-class tables, docs/field-schemas.json and the Python package's copy match the schemas declared in the code", () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generateSchemaDocs.ts', '--check'], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});

it('the Python package ships the same field schemas as docs/field-schemas.json, each class with its role', () => {
  const docs = readFileSync(new URL('../../docs/field-schemas.json', import.meta.url), 'utf8');
  const python = readFileSync(new URL('../../python/ferryml/field-schemas.json', import.meta.url), 'utf8');
  assert.equal(python, docs);
  const { classes } = JSON.parse(docs) as { classes: { classId: string; role: string }[] };
  const role = Object.fromEntries(classes.map((c) => [c.classId, c.role]));
  assert.equal(role['ferry.Pipeline'], 'step');
  assert.equal(role['ferry.MsgpackStepSaver'], 'saver');
  assert.equal(role['ferry.LogUniform'], 'distribution');
  assert.equal(role['ferry.HyperparameterSamples'], 'object');
});
