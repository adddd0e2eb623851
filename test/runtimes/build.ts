/**
 * Builds dist/ (node scripts/build.mjs) once for every test file that needs the built package, and
 * only when a source is newer than the last build. A lock folder keeps concurrent test files from
 * building over each other.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STAMP = join(ROOT, 'dist', '.built');
const LOCK = join(ROOT, 'tmp', 'dist-build.lock');
const SOURCES = ['src', 'adapters', 'assembly', 'scripts/build.mjs', 'scripts/buildEdge.mjs', 'package.json'];

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function isStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(ROOT, s)) > built);
}

async function withLock<T>(fn: () => T): Promise<T> {
  const deadline = Date.now() + 120_000;
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than two minutes was left by a killed run.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 120_000) rmSync(LOCK, { recursive: true });
      if (Date.now() > deadline) throw new Error(`could not take the build lock ${LOCK}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Runs `node scripts/build.mjs` unless dist/ is newer than every source. */
export async function ensureBuilt(): Promise<void> {
  await withLock(() => {
    if (!isStale()) return;
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    writeFileSync(STAMP, new Date().toISOString());
  });
}
