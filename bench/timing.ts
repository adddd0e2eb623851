/** Small timing helpers shared by the benchmarks: medians of repeated runs, in milliseconds. */

/** Runs `fn` `runs` times (after `warmup` unmeasured runs) and returns each duration in ms. */
export async function timeRuns(fn: () => Promise<unknown> | unknown, runs: number, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** The median of a list of numbers. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Formats milliseconds with a sensible precision. */
export function ms(v: number): string {
  return v < 10 ? `${v.toFixed(3)} ms` : `${v.toFixed(1)} ms`;
}
