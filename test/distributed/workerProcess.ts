/**
 * `ferry worker` processes for the tests, run as a user runs them (`node --import tsx src/cli/main.ts worker …
 * --log json`), with short lock and stall intervals; every event they print is kept.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerEvent } from '../../src/distributed/worker/JobContext.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A running worker process. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly events: WorkerEvent[];
  /** Resolves with the first event matching `test`. */
  waitFor(test: (e: WorkerEvent) => boolean, timeoutMs?: number): Promise<WorkerEvent>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
  output(): string;
}

/** Short intervals, so that a killed worker's job runs elsewhere within about a second. */
export const FAST_STALLS = ['--lock-duration', '1000', '--stalled-interval', '500'];

/** Starts `ferry worker` and resolves once it is ready. */
export async function startWorker(
  redis: string,
  storage: string,
  extra: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'worker', '--redis', redis, '--storage', storage, '--log', 'json', ...extra],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const events: WorkerEvent[] = [];
  const waiters: { test: (e: WorkerEvent) => boolean; resolve: (e: WorkerEvent) => void }[] = [];
  let text = '';
  let buffered = '';
  child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString();
    text += d.toString();
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      nl = buffered.indexOf('\n');
      if (!line.startsWith('{')) continue;
      const e = JSON.parse(line) as WorkerEvent;
      events.push(e);
      for (const w of [...waiters]) {
        if (w.test(e)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(e);
        }
      }
    }
  });
  child.stderr?.on('data', (d: Buffer) => {
    text += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (test: (e: WorkerEvent) => boolean, timeoutMs = 20_000) => {
    const found = events.find(test);
    if (found) return Promise.resolve(found);
    return new Promise<WorkerEvent>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`worker ${child.pid}: no such event in ${timeoutMs} ms:\n${text}`)),
        timeoutMs,
      );
      waiters.push({
        test,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`worker ${child.pid} exited (${code}) before the event:\n${text}`));
      });
    });
  };
  const worker: WorkerProcess = {
    child,
    events,
    waitFor,
    exited,
    output: () => text,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  await waitFor((e) => e.event === 'ready');
  return worker;
}
