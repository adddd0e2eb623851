/**
 * Two writer processes saving the same dump and one reader process loading it, in Node, Deno and Bun,
 * with SIGKILLs: writers (and the reader) are killed at random moments and respawned, for a few seconds
 * per runtime. After every kill the dump is loaded here (Node) too. Counts and prints the outcomes:
 * rounds (kills), saves, loads, versions seen, mixed loads, lost dumps, typed and raw errors.
 * Mixed, lost and raw must be 0; both writers and the reader must have made progress.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ExecutionContext, FileSystemStorage, type NDArray, type Pipeline } from 'ferryml';
import { EXECUTABLES, requireRuntime } from '../runtimes/availability.ts';
import { ensureBuilt, ROOT } from '../runtimes/build.ts';
import { bundleScript, distImport } from '../runtimes/bundle.ts';
import { type Versioned, versionedPipeline } from '../saving/crash/versioned.ts';

const tmp = mkdtempSync(join(tmpdir(), 'ferry-concurrency-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** How long each runtime is hammered. */
const CHAOS_MS = 5_000;
/** Lock staleness the children use: a killed writer's lock is broken after this (Deno cannot check pids). */
const LOCK_STALE_MS = 300;

type Runtime = 'node' | 'deno' | 'bun';

interface Outcomes {
  rounds: number;
  saves: number;
  loads: number;
  versions: Set<number>;
  mixed: string[];
  lost: string[];
  typed: Map<string, number>;
  raw: string[];
  savesBy: [number, number];
}

async function commandFor(runtime: Runtime): Promise<string[]> {
  const worker = 'test/storage/concurrency/worker.ts';
  if (runtime === 'deno') {
    return [
      EXECUTABLES.deno,
      'run',
      '--config',
      join(ROOT, 'test/runtimes/deno/deno.json'),
      '--allow-read',
      '--allow-write',
      '--allow-env',
      join(ROOT, worker),
    ];
  }
  const script = await bundleScript(
    worker,
    `concurrency-${runtime}.js`,
    distImport(join(ROOT, 'dist'), runtime),
    'node',
  );
  return [runtime === 'bun' ? EXECUTABLES.bun : process.execPath, script];
}

/** The version the dump holds now, loaded here; every step and weight must agree. */
async function loadedVersion(root: string): Promise<number> {
  const p = (await new ExecutionContext(new FileSystemStorage(root)).load('dump')) as Pipeline;
  const versions = new Set<number>();
  for (const s of p.steps as Versioned[]) {
    versions.add(s.version);
    for (const w of (s.weights as NDArray).data as Float64Array) versions.add(w);
  }
  if (versions.size !== 1) throw new Error(`mixed ${[...versions].join(',')}`);
  return [...versions][0];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function hammer(runtime: Runtime, root: string): Promise<Outcomes> {
  const [exe, ...base] = await commandFor(runtime);
  const out: Outcomes = {
    rounds: 0,
    saves: 0,
    loads: 0,
    versions: new Set(),
    mixed: [],
    lost: [],
    typed: new Map(),
    raw: [],
    savesBy: [0, 0],
  };
  const written = new Set<number>([1]);
  let seq = 1;
  const live = new Set<ChildProcess>();
  const start = (args: string[], writer?: 0 | 1): ChildProcess => {
    const child = spawn(exe, [...base, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    live.add(child);
    let buffered = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      buffered += d;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [what, rest = ''] = [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)];
        if (what === 'saving') written.add(Number(rest));
        else if (what === 'saved') {
          out.saves++;
          if (writer !== undefined) out.savesBy[writer]++;
        } else if (what === 'loaded') {
          out.loads++;
          out.versions.add(Number(rest));
        } else if (what === 'mixed') out.mixed.push(rest);
        else if (what === 'typed') {
          const code = rest.split(' ')[0];
          if (code === 'FERRY_NOT_FOUND' || code === 'FERRY_CORRUPT_DUMP') out.lost.push(`reader: ${rest}`);
          out.typed.set(code, (out.typed.get(code) ?? 0) + 1);
        } else if (what === 'raw') out.raw.push(rest);
      }
    });
    let err = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    child.on('close', (code, signal) => {
      live.delete(child);
      if (signal !== 'SIGKILL') out.raw.push(`${args[0]} exited ${code ?? signal}: ${err.slice(-500)}`);
    });
    return child;
  };
  const writerArgs = (w: 0 | 1): string[] => [
    'writer',
    root,
    String(++seq),
    w === 0 ? 'full' : 'default',
    String(LOCK_STALE_MS),
  ];
  const writers: ChildProcess[] = [start(writerArgs(0), 0), start(writerArgs(1), 1)];
  let reader = start(['reader', root, String(LOCK_STALE_MS)]);
  const killed = (c: ChildProcess): Promise<void> =>
    new Promise((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('close', () => resolve());
      c.kill('SIGKILL');
    });
  const deadline = Date.now() + CHAOS_MS;
  while (Date.now() < deadline) {
    await sleep(150 + Math.random() * 450);
    const w = Math.random() < 0.5 ? 0 : 1;
    const both = Math.random() < 0.25;
    await Promise.all([killed(writers[w]), both ? killed(writers[1 - w]) : Promise.resolve()]);
    out.rounds++;
    if (Math.random() < 0.2) {
      await killed(reader);
      reader = start(['reader', root, String(LOCK_STALE_MS)]);
    }
    try {
      const v = await loadedVersion(root);
      if (!written.has(v)) out.lost.push(`round ${out.rounds}: version ${v} was never written`);
    } catch (error) {
      (String(error).startsWith('Error: mixed') ? out.mixed : out.lost).push(`round ${out.rounds}: ${String(error)}`);
    }
    writers[w] = start(writerArgs(w as 0 | 1), w as 0 | 1);
    if (both) writers[1 - w] = start(writerArgs((1 - w) as 0 | 1), (1 - w) as 0 | 1);
  }
  await Promise.all([...live].map(killed));
  return out;
}

for (const runtime of ['node', 'deno', 'bun'] as const) {
  describe(`concurrent saves and loads in ${runtime}`, () => {
    it(`two writer processes and a reader, SIGKILLed at random for ${CHAOS_MS / 1000} s: 0 mixed, 0 lost, 0 raw errors`, async (t) => {
      if (runtime !== 'node' && !requireRuntime(t, runtime)) return;
      await ensureBuilt();
      const root = join(tmp, runtime);
      await versionedPipeline(1).save(new ExecutionContext(new FileSystemStorage(root)), { fullDump: true });
      const o = await hammer(runtime, root);
      const typed = [...o.typed].map(([c, k]) => `${c}×${k}`).join(', ') || 'none';
      console.log(
        `${runtime}: ${o.rounds} rounds (SIGKILLs), ${o.saves} saves (${o.savesBy.join(' + ')}), ${o.loads} loads, ` +
          `${o.versions.size} versions seen, ${o.mixed.length} mixed, ${o.lost.length} lost, typed errors: ${typed}, ` +
          `${o.raw.length} raw errors`,
      );
      assert.deepEqual(o.mixed, [], 'mixed loads');
      assert.deepEqual(o.lost, [], 'lost dumps');
      assert.deepEqual(o.raw, [], 'untyped errors');
      assert.ok(o.savesBy[0] > 0 && o.savesBy[1] > 0, `both writers saved (${o.savesBy.join(' + ')})`);
      assert.ok(o.versions.size > 1, `the reader saw several versions (${o.versions.size})`);
      assert.ok(o.rounds >= 5, `${o.rounds} rounds`);
      // The next save cleans up whatever the kills left (staging folders, temporary files, locks).
      await versionedPipeline(7).save(
        new ExecutionContext(new FileSystemStorage(root, { lockStaleMs: LOCK_STALE_MS })),
        { fullDump: true },
      );
      assert.equal(await loadedVersion(root), 7);
      assert.deepEqual(readdirSync(root), ['dump'], 'leftovers after the next save');
      assert.deepEqual(readdirSync(join(root, 'dump')).sort(), ['.ferry-generation', 'a', 'b', 'c', 'dump.ferry']);
    });
  });
}
