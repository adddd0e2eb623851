/**
 * Starts and stops the edge servers of the tests and benchmarks: `workerd serve` (npm package
 * `workerd`) and the Deno example, each on 127.0.0.1 with a port the OS picks (workerd reports it on
 * its control descriptor, the Deno example prints it), and says why a server cannot start here.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { TestContext } from 'node:test';
import { requireRuntime } from '../runtimes/availability.ts';
import { ROOT } from '../runtimes/build.ts';

/** The workerd executable of the npm package. */
export const WORKERD = join(ROOT, 'node_modules/.bin/workerd');

/** A started server: its base URL, when it was spawned, and how to stop it. */
export interface EdgeServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The server's process id (for CPU-time readings in /proc). */
  readonly pid: number | undefined;
  /** `performance.now()` just before the spawn. */
  readonly spawnedAt: number;
  /** `performance.now()` when the port was reported (the server listens). */
  readonly listeningAt: number;
  /** What the server wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

let workerdReason: string | null | undefined;

/** Why workerd cannot start here, or null when it can. */
export function workerdUnavailableReason(): string | null {
  if (workerdReason !== undefined) return workerdReason;
  if (!existsSync(WORKERD)) workerdReason = `workerd is not installed at ${WORKERD}`;
  else {
    const r = spawnSync(WORKERD, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    workerdReason =
      r.error || r.status !== 0
        ? `${WORKERD} --version failed: ${r.error?.message ?? r.stderr.trim().slice(0, 300)}`
        : null;
  }
  return workerdReason;
}

/**
 * True when `runtime` can start. Otherwise: under CI=true throws (the suite fails); elsewhere warns
 * loudly and skips the test with the reason.
 */
export function requireEdgeRuntime(t: TestContext, runtime: 'workerd' | 'deno'): boolean {
  if (runtime === 'deno') return requireRuntime(t, 'deno');
  const reason = workerdUnavailableReason();
  if (reason === null) return true;
  if (process.env.CI === 'true') throw new Error(`CI=true and workerd cannot start: ${reason}`);
  console.warn(`\n!!! SKIPPED (workerd unavailable): ${reason}\n`);
  t.skip(`workerd unavailable: ${reason}`);
  return false;
}

/** Resolves with the first `{"port": N}` / `{"event":"listen","port":N}` JSON line of `stream`. */
function portFrom(stream: Readable, child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => fail(new Error(`no port reported within ${timeoutMs} ms\n${stderr()}`)), timeoutMs);
    const onExit = (code: number | null, signal: string | null) =>
      fail(new Error(`the server exited (${code ?? signal}) before listening\n${stderr()}`));
    function fail(error: Error): void {
      clearTimeout(timer);
      child.off('exit', onExit);
      reject(error);
    }
    child.on('exit', onExit);
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      for (const line of buffered.split('\n')) {
        const m = /"port":\s*(\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          child.off('exit', onExit);
          resolve(Number(m[1]));
          return;
        }
      }
    });
  });
}

/** Spawns `exe args…`, reads the port from the stream `portStream` picks, and returns the server. */
async function start(
  exe: string,
  args: readonly string[],
  portStream: (child: ChildProcess) => Readable,
  cwd: string,
  timeoutMs: number,
): Promise<EdgeServer> {
  const spawnedAt = performance.now();
  const child = spawn(exe, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err = (err + d).slice(-8000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const port = await portFrom(portStream(child), child, () => err, timeoutMs);
    const url = `http://127.0.0.1:${port}`;
    return { url, pid: child.pid, spawnedAt, listeningAt: performance.now(), stderr: () => err, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * `workerd serve <config> [constName] --socket-addr http=127.0.0.1:0`: the config's `http` socket on
 * a free loopback port, reported on descriptor 3 (`--control-fd`).
 */
export function startWorkerd(config: string, constName?: string, timeoutMs = 60_000): Promise<EdgeServer> {
  const args = ['serve', config, ...(constName ? [constName] : [])];
  args.push('--socket-addr', 'http=127.0.0.1:0', '--control-fd', '3');
  return start(WORKERD, args, (child) => child.stdio[3] as Readable, ROOT, timeoutMs);
}

/** The Deno example (examples/edge/deno/server.ts) on a free loopback port, run from the repository root. */
export function startDenoExample(seedPack: string, mlpPack?: string, timeoutMs = 60_000): Promise<EdgeServer> {
  const args = [
    'run',
    '--import-map',
    join(ROOT, 'examples/edge/deno/import_map.json'),
    '--allow-read',
    '--allow-net=127.0.0.1',
    join(ROOT, 'examples/edge/deno/server.ts'),
    '--seed',
    seedPack,
    ...(mlpPack ? ['--mlp', mlpPack] : []),
    '--port',
    '0',
  ];
  return start(join(ROOT, 'node_modules/.bin/deno'), args, (child) => child.stdout as Readable, ROOT, timeoutMs);
}

/** POSTs `body` (a string, sent as is) to `url`; returns the status, the text and the headers. */
export async function post(
  url: string,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(url, { method: 'POST', body, headers });
  return { status: response.status, text: await response.text(), headers: response.headers };
}
