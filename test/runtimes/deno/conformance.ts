/**
 * The storage conformance cases against DenoStorage, in Deno, with `ferryml` from the built package
 * (deno.json maps it to dist/). Prints the results as one JSON line. Run by test/runtimes/runtimes.test.ts.
 */
import { DenoStorage } from 'ferryml/adapters/deno';
import { runCases } from '../../conformance/cases.ts';

declare const Deno: {
  makeTempDir(options: { prefix: string }): Promise<string>;
  remove(path: string, options: { recursive: boolean }): Promise<void>;
};

const root = await Deno.makeTempDir({ prefix: 'ferry-deno-conformance-' });
let n = 0;
try {
  const results = await runCases(async () => new DenoStorage(`${root}/${n++}`));
  console.log(JSON.stringify(results));
} finally {
  await Deno.remove(root, { recursive: true });
}
