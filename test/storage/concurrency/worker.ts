/**
 * Child of the concurrency test, for Node, Deno and Bun (run against the BUILT package): a writer saving
 * versions of the versioned pipeline in a loop, or a reader loading it in a loop, until it is killed.
 * One line per outcome on stdout:
 *   saving <v> / saved <v>      a writer starts / completes a save of version v
 *   loaded <v>                  a reader loaded one complete version v
 *   mixed <v1,v2,…>             a reader loaded steps or weights of several versions (must never happen)
 *   typed <code>                a FerryError (its code)
 *   raw <message>               any other error (must never happen)
 * Usage: worker.ts writer <root> <seq> <full|default> <lockStaleMs> | reader <root> <lockStaleMs>
 */
import * as ferry from 'ferryml';
import { ExecutionContext, isFerryError, type NDArray, type Pipeline, type StorageAdapter } from 'ferryml';
import { type Versioned, versionedPipeline } from '../../saving/crash/versioned.ts';

const g = globalThis as { Deno?: { args: string[] }; Bun?: unknown };
const args = g.Deno?.args ?? process.argv.slice(2);
const [role, root] = args;

/** The runtime's own disk adapter, with the lock staleness the test asks for (killed writers leave locks). */
function storage(lockStaleMs: number): StorageAdapter {
  const exports = ferry as unknown as Record<string, new (root: string, o: object) => StorageAdapter>;
  const options = { lockStaleMs };
  if (g.Deno) return new exports.DenoStorage(root, options);
  if (g.Bun) return new exports.BunStorage(root, options);
  return new exports.FileSystemStorage(root, options);
}

function report(error: unknown): void {
  if (isFerryError(error)) console.log(`typed ${error.code} ${error.message.replace(/\n/g, ' ').slice(0, 200)}`);
  else console.log(`raw ${String(error).replace(/\n/g, ' ').slice(0, 300)}`);
}

if (role === 'writer') {
  const [, , seqText, mode, staleText] = args;
  const context = new ExecutionContext(storage(Number(staleText)));
  for (let i = 1; ; i++) {
    const version = Number(seqText) * 100_000 + i;
    console.log(`saving ${version}`);
    try {
      await versionedPipeline(version).save(context, { fullDump: mode === 'full' });
      console.log(`saved ${version}`);
    } catch (error) {
      report(error);
    }
  }
} else {
  const context = new ExecutionContext(storage(Number(args[2])));
  for (;;) {
    try {
      const p = (await context.load('dump')) as Pipeline;
      const versions = new Set<number>();
      for (const s of p.steps as Versioned[]) {
        versions.add(s.version);
        for (const w of (s.weights as NDArray).data as Float64Array) versions.add(w);
      }
      console.log(versions.size === 1 ? `loaded ${[...versions][0]}` : `mixed ${[...versions].join(',')}`);
    } catch (error) {
      report(error);
    }
  }
}
