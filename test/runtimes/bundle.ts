/**
 * Bundles a runtime's test script with esbuild so that it imports `ferryml` from the BUILT package:
 * every `ferryml` import becomes an external import of `dist/<runtime>/index.js` (a file path for
 * Bun, a URL path for the browser), everything else (the test's own helpers) is bundled in.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './build.ts';

/** `ferryml` → dist/<runtime>/index.js, `ferryml/adapters/x` → dist/adapters/x.js, under `distBase`. */
export function distImport(distBase: string, runtime: string): (subpath: string) => string {
  return (subpath) => (subpath === '' ? `${distBase}/${runtime}/index.js` : `${distBase}/${subpath}.js`);
}

/** Where bundled test scripts go (gitignored). */
export const BUNDLE_DIR = join(ROOT, 'tmp', 'runtime-bundles');

/**
 * Bundles `entry` (relative to the repository root) to `tmp/runtime-bundles/<outName>`; every
 * `ferryml` or `ferryml/<subpath>` import is left external as `ferryImport(subpath)` (`''` for the
 * package itself). Returns the output path.
 */
export async function bundleScript(
  entry: string,
  outName: string,
  ferryImport: (subpath: string) => string,
  platform: 'node' | 'browser',
): Promise<string> {
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const outfile = join(BUNDLE_DIR, outName);
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform,
    logLevel: 'warning',
    plugins: [
      {
        name: 'ferryml-from-dist',
        setup(b) {
          b.onResolve({ filter: /^ferryml(\/.*)?$/ }, (args) => ({
            path: ferryImport(args.path.slice('ferryml'.length).replace(/^\//, '')),
            external: true,
          }));
        },
      },
    ],
  });
  return outfile;
}
