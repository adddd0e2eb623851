import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { FORMAT_MAJOR, UnsupportedFormatVersionError } from 'ferryml';
import { FERRY_VERSION, FORMAT_INTRODUCED_IN } from '../src/version.ts';

it('FERRY_VERSION equals package.json and every format version names its first release', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(FERRY_VERSION, pkg.version);
  for (let v = 1; v <= FORMAT_MAJOR; v++) assert.ok(FORMAT_INTRODUCED_IN[v], `format v${v}`);
  const e = new UnsupportedFormatVersionError('m/m.ferry', FORMAT_MAJOR + 1, FORMAT_MAJOR);
  assert.match(e.message, new RegExp(`this is ferryml ${FERRY_VERSION.replaceAll('.', '\\.')}`));
  assert.match(e.message, /newer than/);
});
