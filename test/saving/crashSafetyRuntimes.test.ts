/**
 * Crash safety of DenoStorage and BunStorage: a Deno or Bun process saving full dumps in a loop is
 * SIGKILLed at many different moments; each time the dump on disk loads (in Node, whose storage reads
 * the same layout, and the retired copy an interrupted publish left, without changing anything) as one
 * complete version, never a mixture.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ExecutionContext, FileSystemStorage, type NDArray, type Pipeline } from 'ferryml';
import { EXECUTABLES, type OtherRuntime, requireRuntime } from '../runtimes/availability.ts';
import { ensureBuilt, ROOT } from '../runtimes/build.ts';
import { bundleScript, distImport } from '../runtimes/bundle.ts';
import { type Versioned, versionedPipeline } from './crash/versioned.ts';

const tmp = mkdtempSync(join(tmpdir(), 'ferry-crash-rt-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function loadedVersion(root: string): Promise<number> {
  const p = (await new ExecutionContext(new FileSystemStorage(root)).load('dump')) as Pipeline;
  const versions = new Set<number>();
  for (const s of p.steps as Versioned[]) {
    versions.add(s.version);
    for (const w of (s.weights as NDArray).data as Float64Array) versions.add(w);
  }
  assert.equal(versions.size, 1, `mixture of versions ${[...versions].join(', ')}`);
  return [...versions][0];
}

/** Starts the save loop, kills it (SIGKILL) `delayMs` after its first completed save; resolves when it is dead. */
function killMidSave(command: string, args: string[], delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let saves = 0;
    let err = '';
    let armed = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      saves += d.split('\n').filter((l) => l.startsWith('saved')).length;
      if (!armed && saves > 0) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (_code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL' || saves === 0)
        reject(new Error(`save loop ended without being killed mid-run: ${err.slice(-2000)}`));
      else resolve(saves);
    });
  });
}

const DELAYS_MS = [0, 1, 2, 3, 5, 7, 11, 13, 17, 23, 29, 37];

async function commandFor(runtime: OtherRuntime): Promise<string[]> {
  if (runtime === 'deno') {
    return [
      EXECUTABLES.deno,
      'run',
      '--config',
      join(ROOT, 'test/runtimes/deno/deno.json'),
      '--allow-read',
      '--allow-write',
      '--allow-env',
      join(ROOT, 'test/saving/crash/saveLoop.ts'),
    ];
  }
  const script = await bundleScript(
    'test/saving/crash/saveLoop.ts',
    'bun-save-loop.js',
    distImport(join(ROOT, 'dist'), 'bun'),
    'node',
  );
  return [EXECUTABLES.bun, script];
}

for (const runtime of ['deno', 'bun'] as const) {
  describe(`crash-safe full dumps in ${runtime === 'deno' ? 'DenoStorage (Deno)' : 'BunStorage (Bun)'}`, () => {
    it(`a ${runtime} process killed at ${DELAYS_MS.length} moments of a save loop leaves one complete version each time`, async (t) => {
      if (!requireRuntime(t, runtime)) return;
      await ensureBuilt();
      const [command, ...args] = await commandFor(runtime);
      const template = join(tmp, `${runtime}-template`);
      await versionedPipeline(1).save(new ExecutionContext(new FileSystemStorage(template)), { fullDump: true });
      const seen = new Set<number>();
      for (const delay of DELAYS_MS) {
        const root = join(tmp, `${runtime}-${delay}`);
        cpSync(template, root, { recursive: true });
        const saves = await killMidSave(command, [...args, root], delay);
        const version = await loadedVersion(root);
        // Every reported save was published: the dump is at least the last reported version (saves + 1).
        assert.ok(version >= saves + 1, `version ${version} after ${saves} reported saves`);
        seen.add(version);
        await versionedPipeline(999).save(new ExecutionContext(new FileSystemStorage(root)), { fullDump: true });
        assert.equal(await loadedVersion(root), 999);
        rmSync(root, { recursive: true, force: true });
      }
      assert.ok(seen.size > 1, `kills landed at different moments (versions seen: ${[...seen].join(', ')})`);
    });
  });
}
