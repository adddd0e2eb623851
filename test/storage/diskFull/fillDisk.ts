/**
 * Child of the disk-full test, for Deno and Bun (run against the BUILT package, through the runtime's
 * default storage: DenoStorage, BunStorage): on the small tmpfs given as argument, saves a small dump,
 * then one too large for the disk in each save mode, then writes one too-large key. Prints one JSON
 * line: for each attempt the error's code (or its raw text), and the versions the dump loads as after it.
 */
import { defaultStorage, ExecutionContext, isFerryError, NDArray, type Pipeline } from 'ferryml';
import { type Versioned, versionedPipeline } from '../../saving/crash/versioned.ts';

const args = (globalThis as { Deno?: { args: string[] } }).Deno?.args ?? process.argv.slice(2);
const storage = defaultStorage(args[0]);
const context = new ExecutionContext(storage);

function codeOf(error: unknown): string {
  return isFerryError(error) ? error.code : `raw ${String(error).slice(0, 200)}`;
}

async function versions(): Promise<number[]> {
  const p = (await context.load('dump')) as Pipeline;
  const seen = new Set<number>();
  for (const s of p.steps as Versioned[]) {
    seen.add(s.version);
    for (const w of (s.weights as NDArray).data as Float64Array) seen.add(w);
  }
  return [...seen];
}

const results: { mode: string; code: string; versions: number[] }[] = [];
await versionedPipeline(1).save(context, { fullDump: true });
for (const [mode, options] of [
  ['full', { fullDump: true }],
  ['default', {}],
  ['crashSafe: false', { fullDump: true, crashSafe: false }],
] as const) {
  const big = versionedPipeline(2);
  (big.steps[1] as Versioned).weights = NDArray.zeros('float64', [(6 * 1024 ** 2) / 8]);
  let code = 'none';
  try {
    await big.save(context, options);
  } catch (error) {
    code = codeOf(error);
  }
  results.push({ mode, code, versions: await versions() });
}
let writeCode = 'none';
await storage.write('k', new Uint8Array([1, 2, 3]));
try {
  await storage.write('k', new Uint8Array(6 * 1024 ** 2));
} catch (error) {
  writeCode = codeOf(error);
}
const kept = [...(await storage.read('k'))];
console.log(JSON.stringify({ results, writeCode, kept, left: await storage.list('') }));
