import type { Kernels } from './loadKernels.ts';

/**
 * Runs `body` with the arena's current mark saved and restores it afterwards, so every scratch allocation made
 * inside is freed on return or throw (the kernels never leak across calls). When the outermost scope returns with
 * the memory grown past the retain limit, the instance is replaced (`Arena.onIdle`, `setKernelMemoryRetainLimit`).
 */
export function scoped<T>(k: Kernels, body: () => T): T {
  const mark = k.arena.mark();
  try {
    return body();
  } finally {
    k.arena.release(mark);
  }
}
