/**
 * The conformance suite every StorageAdapter must pass, on node:test (the cases themselves are
 * runtime-neutral: see `cases.ts`). Call `runStorageConformance(name, makeFreshAdapter)` from a test file.
 */
import { describe, it } from 'node:test';
import type { StorageAdapter } from 'ferryml';
import { storageCases } from './cases.ts';

export interface ConformanceOptions {
  /** Skip writing the 64 MB value (for slow remote adapters only; every local adapter writes it). */
  readonly skipLarge?: boolean;
}

/** Registers one node:test case per conformance case, each on fresh adapters from `make`. */
export function runStorageConformance(
  name: string,
  make: () => Promise<StorageAdapter>,
  options: ConformanceOptions = {},
): void {
  describe(`StorageAdapter conformance: ${name}`, () => {
    for (const c of storageCases) {
      if (c.large && options.skipLarge) continue;
      it(c.name, () => c.run(make));
    }
  });
}
