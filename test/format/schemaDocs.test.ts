import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';

it("docs/FORMAT.md's per-class tables and docs/field-schemas.json match the schemas declared in the code", () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generateSchemaDocs.ts', '--check'], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});
