/**
 * The storage conformance cases against BunStorage, in Bun. Bundled by the test with `ferryml`
 * mapped to the built package (dist/). Prints the results as one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BunStorage } from 'ferryml/adapters/bun';
import { runCases } from '../../conformance/cases.ts';

const root = mkdtempSync(join(tmpdir(), 'ferry-bun-conformance-'));
let n = 0;
try {
  const results = await runCases(async () => new BunStorage(join(root, String(n++))));
  console.log(JSON.stringify(results));
} finally {
  rmSync(root, { recursive: true, force: true });
}
