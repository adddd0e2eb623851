/**
 * Where workers find their entry module. Built packages ship one per runtime beside the bundle (`worker.js` in
 * dist/node, dist/deno, dist/bun, dist/browser); from source (tsx, Deno or Bun running the TypeScript) it is
 * src/parallel/workerEntries/<runtime>.ts. An app that re-bundles ferryml (Vite, webpack) sets its own URL with
 * {@link setWorkerEntryUrl} or the `workerUrl` option, pointing at a bundle of `ferryml`'s worker entry.
 */
import type { RuntimeName } from '../runtime.ts';

let override: string | undefined;

/** Sets the worker entry every pool uses by default (`null` restores the built-in one). */
export function setWorkerEntryUrl(url: string | URL | null): void {
  override = url === null ? undefined : String(url);
}

/** The worker entry module's URL for `runtime`. */
export function workerEntryUrl(runtime: RuntimeName): string {
  if (override !== undefined) return override;
  const here = import.meta.url;
  if (/\.ts$/.test(new URL(here).pathname)) {
    const name = runtime === 'deno' || runtime === 'bun' || runtime === 'browser' ? runtime : 'node';
    return new URL(`./workerEntries/${name}.ts`, here).href;
  }
  return new URL('./worker.js', here).href;
}
