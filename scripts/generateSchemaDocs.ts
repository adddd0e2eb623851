/**
 * Writes docs/FORMAT.md's per-class field tables, docs/field-schemas.json and its copy shipped in the Python package
 * (python/ferryml/field-schemas.json) from the registered schemas (the classes' own declarations). Each class of the
 * JSON also says its role (`step`, `saver`, `distribution` or `object`), which an implementation needs for the
 * `registered saver` and `registered distribution` field kinds. `--check` exits 1 when any output is stale;
 * `test/format/schemaDocs.test.ts` runs it.
 * Usage: node --import tsx scripts/generateSchemaDocs.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import '../src/index.ts';
import '../src/models/index.ts';
import { Distribution } from '../src/hyperparams/distributions/Distribution.ts';
import { lookupClass } from '../src/saving/registry.ts';
import { type ClassSchemaJson, schemasAsJson, schemaTablesMarkdown } from '../src/schema/schemaDocs.ts';
import { hasSaverBrand, hasStepBrand } from '../src/step/brand.ts';

const START = '<!-- generated: schema tables (scripts/generateSchemaDocs.ts) -->';
const END = '<!-- end of generated schema tables -->';
const formatPath = new URL('../docs/FORMAT.md', import.meta.url);
const jsonPaths = {
  'docs/field-schemas.json': new URL('../docs/field-schemas.json', import.meta.url),
  'python/ferryml/field-schemas.json': new URL('../python/ferryml/field-schemas.json', import.meta.url),
};

/** What a registered class is, judged from its prototype: a step, a saver, a hyperparameter distribution, or other. */
function roleOf(classId: string): 'step' | 'saver' | 'distribution' | 'object' {
  const prototype = lookupClass(classId).prototype as object;
  if (hasStepBrand(prototype)) return 'step';
  if (hasSaverBrand(prototype)) return 'saver';
  if (prototype instanceof Distribution) return 'distribution';
  return 'object';
}

/** The schemas as JSON, each class with its role after its kind. */
function schemasWithRoles(): unknown {
  const { baseStepFields, classes } = schemasAsJson();
  return {
    baseStepFields,
    classes: classes.map(({ classId, kind, ...rest }: ClassSchemaJson) => ({
      classId,
      kind,
      role: roleOf(classId),
      ...rest,
    })),
  };
}

function readOrEmpty(path: URL): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

const format = readFileSync(formatPath, 'utf8');
const from = format.indexOf(START);
const to = format.indexOf(END);
if (from < 0 || to < from) throw new Error(`docs/FORMAT.md lacks the markers ${START} … ${END}`);
const wantFormat = `${format.slice(0, from + START.length)}\n\n${schemaTablesMarkdown()}\n${format.slice(to)}`;
const wantJson = `${JSON.stringify(schemasWithRoles(), null, 2)}\n`;

if (process.argv.includes('--check')) {
  const stale = [
    wantFormat !== format ? 'docs/FORMAT.md' : '',
    ...Object.entries(jsonPaths).map(([name, path]) => (wantJson !== readOrEmpty(path) ? name : '')),
  ].filter(Boolean);
  if (stale.length > 0) {
    console.error(`stale: ${stale.join(', ')}; run node --import tsx scripts/generateSchemaDocs.ts`);
    process.exit(1);
  }
  console.log('schema docs are up to date');
} else {
  writeFileSync(formatPath, wantFormat);
  for (const path of Object.values(jsonPaths)) writeFileSync(path, wantJson);
  console.log(`wrote docs/FORMAT.md tables, ${Object.keys(jsonPaths).join(' and ')}`);
}
