/**
 * Whether Deno, Bun and Chromium can start here. A test that needs one that cannot start is skipped
 * LOUDLY with the reason — and fails instead under `CI=true`, where every runtime must be present.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { ROOT } from './build.ts';

/** The runtimes the cross-runtime tests drive from Node. */
export type OtherRuntime = 'deno' | 'bun' | 'chromium';

/** The executable of each runtime: Deno and Bun from their npm packages, Chromium from Debian. */
export const EXECUTABLES: Record<OtherRuntime, string> = {
  deno: join(ROOT, 'node_modules/.bin/deno'),
  bun: join(ROOT, 'node_modules/.bin/bun'),
  chromium: process.env.FERRY_CHROMIUM ?? '/usr/bin/chromium',
};

const cache = new Map<OtherRuntime, string | null>();

/** Why `runtime` cannot start here, or null when it can. */
export function unavailableReason(runtime: OtherRuntime): string | null {
  const known = cache.get(runtime);
  if (known !== undefined) return known;
  const exe = EXECUTABLES[runtime];
  let reason: string | null = null;
  if (!existsSync(exe)) {
    reason = `${runtime} is not installed at ${exe}`;
  } else {
    const r = spawnSync(exe, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    if (r.error || r.status !== 0) {
      reason = `${exe} --version failed: ${r.error?.message ?? r.stderr.trim().slice(0, 300)}`;
    }
  }
  cache.set(runtime, reason);
  return reason;
}

/**
 * Returns true when `runtime` can start. Otherwise: under CI=true throws (the suite fails); elsewhere
 * prints a loud warning and skips the test with the reason.
 */
export function requireRuntime(t: TestContext, runtime: OtherRuntime): boolean {
  const reason = unavailableReason(runtime);
  if (reason === null) return true;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${runtime} cannot start: ${reason}`);
  console.warn(`\n!!! SKIPPED (${runtime} unavailable): ${reason}\n`);
  t.skip(`${runtime} unavailable: ${reason}`);
  return false;
}
