import { readFile } from 'node:fs/promises';
import { KernelUnavailableError } from '../errors/index.ts';

/** Where ferry.wasm may live relative to this file: a runtime bundle (dist/<runtime>/), the CLI (dist/cli.js), the source checkout. */
const CANDIDATES = [
  new URL('../ferry.wasm', import.meta.url),
  new URL('./ferry.wasm', import.meta.url),
  new URL('../../build/ferry.wasm', import.meta.url),
];

/**
 * Read ferry.wasm's bytes from disk (Node, Deno and Bun). Pass to `setDefaultKernelSource`.
 * @throws KernelUnavailableError naming the paths tried when none exists.
 */
export async function nodeKernelSource(): Promise<Uint8Array> {
  const errors: unknown[] = [];
  for (const url of CANDIDATES) {
    try {
      return new Uint8Array(await readFile(url));
    } catch (err) {
      errors.push(err);
    }
  }
  throw new KernelUnavailableError(
    `ferry.wasm not found (tried ${CANDIDATES.map((u) => u.pathname).join(', ')}); run \`npm run build:wasm\``,
    { cause: errors[errors.length - 1] },
  );
}
