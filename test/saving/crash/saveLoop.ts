/**
 * Child of the cross-runtime crash test, for Deno and Bun (run against the BUILT package): saves full
 * dumps of versions 2, 3, 4… under the root given as first argument, through the runtime's default
 * storage (DenoStorage, BunStorage), until it is killed. Prints "saved <version>" after each save.
 */
import { defaultStorage, ExecutionContext } from 'ferryml';
import { versionedPipeline } from './versioned.ts';

const args = (globalThis as { Deno?: { args: string[] } }).Deno?.args ?? process.argv.slice(2);
const context = new ExecutionContext(defaultStorage(args[0]));
for (let version = 2; ; version++) {
  await versionedPipeline(version).save(context, { fullDump: true });
  console.log(`saved ${version}`);
}
