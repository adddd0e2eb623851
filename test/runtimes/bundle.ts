/**
 * Bundles a runtime's test script with esbuild so that it imports `ferryml` from the BUILT package:
 * every `ferryml` import becomes an external import of `dist/<runtime>/index.js` (a file path for
 * Bun, a URL path for the browser), everything else (the test's own helpers) is bundled in.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './build.ts';

/**
 * `ferryml` → dist/<runtime>/index.js, `ferryml/tfjs` → dist/<runtime>/tfjs.js (the two share one core
 * chunk), `ferryml/adapters/x` → dist/adapters/x.js, under `distBase`.
 */
export function distImport(distBase: string, runtime: string): (subpath: string) => string {
  return (subpath) => {
    if (subpath === '') return `${distBase}/${runtime}/index.js`;
    if (subpath === 'tfjs') return `${distBase}/${runtime}/tfjs.js`;
    return `${distBase}/${subpath}.js`;
  };
}

/** How {@link bundleScript} treats imports besides the test's own files. */
export interface BundleOptions {
  /** Bare specifiers (esbuild patterns such as `@tensorflow/*`) left as imports, resolved by the runtime. */
  readonly external?: readonly string[];
  /**
   * Bundle the built `ferryml` files in (`ferryImport` then gives file paths) instead of importing
   * them: for a page that cannot resolve the bare imports inside dist/ (e.g. `@tensorflow/tfjs`).
   */
  readonly inlineFerry?: boolean;
}

/** Where bundled test scripts go (gitignored). */
export const BUNDLE_DIR = join(ROOT, 'tmp', 'runtime-bundles');

/**
 * Bundles `entry` (relative to the repository root) to `tmp/runtime-bundles/<outName>`; every
 * `ferryml` or `ferryml/<subpath>` import is left external as `ferryImport(subpath)` (`''` for the
 * package itself). Returns the output path.
 * With `options.inlineFerry` those files are bundled in rather than imported; `options.external`
 * leaves other packages as imports.
 */
export async function bundleScript(
  entry: string,
  outName: string,
  ferryImport: (subpath: string) => string,
  platform: 'node' | 'browser',
  options: BundleOptions = {},
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
    external: [...(options.external ?? [])],
    plugins: [
      {
        name: 'ferryml-from-dist',
        setup(b) {
          b.onResolve({ filter: /^ferryml(\/.*)?$/ }, (args) => ({
            path: ferryImport(args.path.slice('ferryml'.length).replace(/^\//, '')),
            external: options.inlineFerry !== true,
          }));
        },
      },
    ],
  });
  return outfile;
}
