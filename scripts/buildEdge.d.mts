/** Types of scripts/buildEdge.mjs (the edge bundle of ferryml), for the tests that import it. */
import type { Metafile } from 'esbuild';

/** The two entry points of the edge build (output name → source). */
export declare const EDGE_ENTRIES: { readonly index: string; readonly tfjs: string };

/**
 * Throws unless every import the outputs leave is allowed (no Node built-in, `./ferry.wasm`, and
 * `@tensorflow/*` outside the core); returns the metafile paths of index.js and the chunks it imports.
 */
export declare function checkEdgeImports(metafile: Metafile): string[];

/** Bundles the edge entries into `outdir` (default dist/workerd) with ferry.wasm and meta.json. */
export declare function buildEdge(options?: {
  readonly outdir?: string;
  readonly wasm?: string;
}): Promise<{ metafile: Metafile; coreFiles: string[] }>;
