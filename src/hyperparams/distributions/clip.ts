import { invalidArgument } from '../errors.ts';

/** Optional hard clipping bounds of {@link Normal} and {@link LogNormal}. */
export interface HardClip {
  /** Samples are never below this (the distribution is truncated, not piled up). */
  hardClipMin?: number | null;
  /** Samples are never above this. */
  hardClipMax?: number | null;
}

/** Validates clip bounds; returns them as `number | null` (null = unbounded). */
export function readClip(owner: string, clip: HardClip | undefined, lowest: number): [number | null, number | null] {
  const lo = clip?.hardClipMin ?? null;
  const hi = clip?.hardClipMax ?? null;
  for (const [name, v] of [
    ['hardClipMin', lo],
    ['hardClipMax', hi],
  ] as const) {
    if (v !== null && (typeof v !== 'number' || Number.isNaN(v) || !Number.isFinite(v))) {
      throw invalidArgument(owner, name, `must be a finite number or null, got ${String(v)}`);
    }
    if (v !== null && v < lowest) throw invalidArgument(owner, name, `must be >= ${lowest}, got ${v}`);
  }
  if (lo !== null && hi !== null && !(lo < hi)) {
    throw invalidArgument(owner, 'hardClipMin', `must be < hardClipMax (${lo} >= ${hi})`);
  }
  return [lo, hi];
}
