/**
 * Starting a worker in this runtime: `node:worker_threads` in Node.js (reached through `process.getBuiltinModule`,
 * so no bundle imports `node:`), module Workers (`new Worker(url, {type: 'module'})`) in Deno, Bun and browsers.
 * workerd has neither: {@link workerSupport} says so and pipelines run in their own thread there.
 */
import { detectRuntime, type RuntimeName } from '../runtime.ts';

/** The pool's side of one worker. */
export interface WorkerLink {
  /** Sends a message, moving the `transfer` buffers. */
  post(message: unknown, transfer: ArrayBuffer[]): void;
  /** Ends the worker; resolves once it has stopped. */
  terminate(): Promise<void>;
  /** Node.js: whether the worker keeps the process alive (only while it has work). No-op elsewhere. */
  setRef(ref: boolean): void;
}

/** What a {@link WorkerLink} reports. */
export interface WorkerEvents {
  message(data: unknown): void;
  /** The worker died or broke: exited by itself, an uncaught error, out of memory, an undecodable message. */
  failure(reason: string): void;
}

/** Whether this runtime can start workers, and how. */
export interface WorkerSupport {
  readonly runtime: RuntimeName;
  readonly kind: 'worker_threads' | 'web' | 'none';
}

interface NodeWorker {
  on(event: 'message', handler: (data: unknown) => void): void;
  on(event: 'error', handler: (error: Error) => void): void;
  on(event: 'messageerror', handler: (error: Error) => void): void;
  on(event: 'exit', handler: (code: number) => void): void;
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
}
type NodeWorkerConstructor = new (
  code: string,
  options: { eval: true; workerData: unknown; resourceLimits?: Record<string, number> },
) => NodeWorker;

interface WebWorker {
  addEventListener(type: string, handler: (event: Event & { data?: unknown; message?: string }) => void): void;
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  terminate(): void;
}
type WebWorkerConstructor = new (url: string | URL, options: { type: 'module'; name?: string }) => WebWorker;

let live = 0;

/** How many workers Ferry started in this thread are alive now (started and not yet seen to end). */
export function liveWorkerCount(): number {
  return live;
}

/** Whether (and how) this runtime starts workers. */
export function workerSupport(): WorkerSupport {
  const runtime = detectRuntime();
  if (runtime === 'node') {
    const get = (globalThis as { process?: { getBuiltinModule?: unknown } }).process?.getBuiltinModule;
    return { runtime, kind: typeof get === 'function' ? 'worker_threads' : 'none' };
  }
  if (runtime === 'workerd') return { runtime, kind: 'none' };
  return { runtime, kind: typeof (globalThis as { Worker?: unknown }).Worker === 'function' ? 'web' : 'none' };
}

/**
 * The script a Node.js worker evaluates: it registers tsx first when the entry or the worker module is TypeScript
 * (a Node worker does not inherit the `--import tsx` of its parent), then imports the entry.
 */
const NODE_BOOTSTRAP = `const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})().catch((error) => { setTimeout(() => { throw error; }); });`;

function isTypeScript(url: string): boolean {
  return /\.[mc]?tsx?($|\?)/.test(url);
}

/** tsx's ESM loader API, named so that bundlers do not try to resolve it (it is only ever used by Node from source). */
const TSX_LOADER = ['tsx', 'esm', 'api'].join('/');

/** The URL of tsx's ESM loader API when this process can resolve it, else undefined. */
function tsxLoader(): string | undefined {
  try {
    const meta = import.meta as ImportMeta & { resolve?: (specifier: string) => string };
    return meta.resolve?.(TSX_LOADER);
  } catch {
    return undefined;
  }
}

/**
 * Starts a worker running `entry` (a module URL). `typeScriptAlso` lists other modules the worker will import, so that a
 * Node.js worker registers tsx when any of them is TypeScript. Returns null where the runtime has no workers.
 */
export function spawnWorker(
  entry: string,
  events: WorkerEvents,
  options: { name: string; typeScriptAlso?: readonly string[]; maxOldGenerationSizeMb?: number },
): WorkerLink | null {
  const support = workerSupport();
  if (support.kind === 'worker_threads') return spawnNodeWorker(entry, events, options);
  if (support.kind === 'web') return spawnWebWorker(entry, events, options.name);
  return null;
}

function spawnNodeWorker(
  entry: string,
  events: WorkerEvents,
  options: { typeScriptAlso?: readonly string[]; maxOldGenerationSizeMb?: number },
): WorkerLink {
  const getBuiltin = (process as unknown as { getBuiltinModule(id: string): unknown }).getBuiltinModule;
  const { Worker } = getBuiltin('node:worker_threads') as { Worker: NodeWorkerConstructor };
  const needsTsx = [entry, ...(options.typeScriptAlso ?? [])].some(isTypeScript);
  const worker = new Worker(NODE_BOOTSTRAP, {
    eval: true,
    workerData: { entry, tsx: needsTsx ? tsxLoader() : undefined },
    ...(options.maxOldGenerationSizeMb
      ? { resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb } }
      : {}),
  });
  live++;
  let ended = false;
  let terminating = false;
  let lastError: string | undefined;
  const exited = new Promise<void>((resolve) => {
    worker.on('exit', (code) => {
      if (!ended) {
        ended = true;
        live--;
      }
      if (!terminating) events.failure(lastError ?? `the worker exited with code ${code}`);
      resolve();
    });
  });
  worker.on('message', (data) => events.message(data));
  worker.on('error', (error) => {
    lastError = `${error.name}: ${error.message}`;
  });
  worker.on('messageerror', (error) => {
    if (!terminating) events.failure(`a message could not be decoded: ${error.message}`);
  });
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    terminate: async () => {
      terminating = true;
      if (!ended) await worker.terminate();
      await exited;
    },
    setRef: (ref) => (ref ? worker.ref() : worker.unref()),
  };
}

function spawnWebWorker(entry: string, events: WorkerEvents, name: string): WorkerLink {
  const WorkerClass = (globalThis as unknown as { Worker: WebWorkerConstructor }).Worker;
  const worker = new WorkerClass(entry, { type: 'module', name });
  live++;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    live--;
    worker.terminate();
  };
  const fail = (reason: string): void => {
    if (ended) return;
    end();
    events.failure(reason);
  };
  worker.addEventListener('message', (event) => events.message(event.data));
  worker.addEventListener('error', (event) => {
    // Deno would end the parent too on an unhandled worker error; browsers keep a broken worker running.
    event.preventDefault?.();
    fail(`uncaught error in the worker: ${event.message ?? 'unknown error'}`);
  });
  worker.addEventListener('messageerror', () => fail('a message could not be decoded'));
  // Bun: the worker exited by itself (process.exit()).
  worker.addEventListener('close', () => fail('the worker exited'));
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    terminate: async () => end(),
    setRef: () => {},
  };
}
