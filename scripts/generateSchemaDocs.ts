/**
 * Writes docs/FORMAT.md's per-class field tables and docs/field-schemas.json from the registered schemas (the
 * classes' own declarations). `--check` exits 1 when either is stale; `test/format/schemaDocs.test.ts` runs it.
 * Usage: node --import tsx scripts/generateSchemaDocs.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import '../src/index.ts';
import '../src/models/index.ts';
import { schemasAsJson, schemaTablesMarkdown } from '../src/schema/schemaDocs.ts';

const START = '<!-- generated: schema tables (scripts/generateSchemaDocs.ts) -->';
const END = '<!-- end of generated schema tables -->';
const formatPath = new URL('../docs/FORMAT.md', import.meta.url);
const jsonPath = new URL('../docs/field-schemas.json', import.meta.url);

const format = readFileSync(formatPath, 'utf8');
const from = format.indexOf(START);
const to = format.indexOf(END);
if (from < 0 || to < from) throw new Error(`docs/FORMAT.md lacks the markers ${START} … ${END}`);
const wantFormat = `${format.slice(0, from + START.length)}\n\n${schemaTablesMarkdown()}\n${format.slice(to)}`;
const wantJson = `${JSON.stringify(schemasAsJson(), null, 2)}\n`;
let haveJson = '';
try {
  haveJson = readFileSync(jsonPath, 'utf8');
} catch {}

if (process.argv.includes('--check')) {
  const stale = [
    wantFormat !== format ? 'docs/FORMAT.md' : '',
    wantJson !== haveJson ? 'docs/field-schemas.json' : '',
  ].filter(Boolean);
  if (stale.length > 0) {
    console.error(`stale: ${stale.join(', ')}; run node --import tsx scripts/generateSchemaDocs.ts`);
    process.exit(1);
  }
  console.log('schema docs are up to date');
} else {
  writeFileSync(formatPath, wantFormat);
  writeFileSync(jsonPath, wantJson);
  console.log('wrote docs/FORMAT.md tables and docs/field-schemas.json');
}
