import type { RuntimeName } from '../runtime.ts';

/** Where `@tensorflow/tfjs-backend-wasm` finds its `.wasm` files: a folder prefix, or one path per file. */
export type WasmPaths = string | Readonly<Record<string, string>>;

/** Resolves a bare module specifier to a URL (`import.meta.resolve` by default; injectable for tests). */
export type ModuleResolver = (specifier: string) => string;

const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

/** `import.meta.resolve`, where the runtime has it; throws otherwise. */
export const importMetaResolve: ModuleResolver = (specifier) => {
  const meta = import.meta as ImportMeta & { resolve?: (s: string) => string };
  if (typeof meta.resolve !== 'function') throw new Error('import.meta.resolve is not available in this runtime');
  // Called as a method: Bun's implementation needs its import.meta as `this`.
  return meta.resolve(specifier);
};

/**
 * The folder holding the wasm backend's `.wasm` files, found without any network access: the
 * folder of the package's resolved entry file. Node.js, Deno and Bun get a file-system path (their
 * `fs` reads it); browsers and workers get a URL prefix (resolvable through an import map or a dev
 * server). Undefined when the package cannot be resolved here; then pass `wasmPaths` explicitly.
 */
export function defaultWasmPaths(
  runtime: RuntimeName,
  resolve: ModuleResolver = importMetaResolve,
): string | undefined {
  let entry: URL;
  try {
    entry = new URL(resolve(WASM_PACKAGE));
  } catch {
    return undefined;
  }
  const folder = new URL('./', entry);
  const onDisk = runtime === 'node' || runtime === 'deno' || runtime === 'bun';
  if (onDisk) return folder.protocol === 'file:' ? fileUrlToPath(folder) : undefined;
  return folder.href;
}

/** A `file:` URL as a path (POSIX, or `C:\…` style for drive-letter URLs), with a trailing separator. */
function fileUrlToPath(url: URL): string {
  const path = decodeURIComponent(url.pathname);
  return /^\/[A-Za-z]:\//.test(path) ? path.slice(1).replaceAll('/', '\\') : path;
}
