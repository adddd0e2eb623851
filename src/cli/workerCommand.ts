/**
 * `ferry worker --redis <url> --storage <url>`: a process that pulls Ferry jobs (AutoML trials, refits, batch
 * transforms) from a BullMQ queue until SIGINT or SIGTERM (a second signal abandons the jobs in progress to other
 * workers). See docs/distributed.md.
 */
import { parseArgs } from 'node:util';
import { openStorageUrl } from '../distributed/storageUrl.ts';
import { DistributedWorker, type WorkerEvent } from '../distributed/worker/DistributedWorker.ts';
import { isFerryError } from '../errors/index.ts';
import { CliUsageError } from './cliErrors.ts';

export const WORKER_USAGE = `usage: ferry worker --redis <url> --storage <url> [options]

Pulls jobs (AutoML trials, refits, batch transforms) from a BullMQ queue in Redis, loads steps and data
from the storage, fits or transforms, writes the results back. Runs until SIGINT or SIGTERM.

  --redis <url>              redis://[user:password@]host:port[/db] (rediss:// for TLS)
  --storage <url>            s3://<bucket>[/<prefix>][?endpoint=<url>&region=<r>&addressing=path|virtual-host]
                             (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), or file:///<folder>
  --queue <name>             the queue (default ferry)
  --concurrency <n>          jobs at once (default 1; compute runs one at a time, I/O overlaps)
  --lock-duration <ms>       a job's lock without renewal (default 30000)
  --stalled-interval <ms>    how often to look for jobs whose worker died (default 30000)
  --max-stalled <n>          stalls a job survives before it fails (default 2)
  --module <path>            a module to import first (registers your own steps and savers)
  --log text|json            one line per job event on stdout (default text)
  -h, --help                 this text`;

function integer(name: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new CliUsageError(`worker: --${name} must be an integer ≥ ${min}`);
  return n;
}

function formatEvent(e: WorkerEvent): string {
  const parts = [`ferry worker ${e.pid}: ${e.event}`];
  if (e.job) parts.push(e.job);
  if (e.key) parts.push(`→ ${e.key}`);
  if (e.reason) parts.push(`(${e.reason})`);
  if (e.ms !== undefined) parts.push(`${e.ms.toFixed(1)} ms`);
  return parts.join(' ');
}

/** Runs the command; resolves with the exit code once the worker has closed. */
export async function workerCommand(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        redis: { type: 'string' },
        storage: { type: 'string' },
        queue: { type: 'string' },
        concurrency: { type: 'string' },
        'lock-duration': { type: 'string' },
        'stalled-interval': { type: 'string' },
        'max-stalled': { type: 'string' },
        module: { type: 'string' },
        log: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new CliUsageError(`worker: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (values.help) {
    console.log(WORKER_USAGE);
    return 0;
  }
  if (typeof values.redis !== 'string') throw new CliUsageError('worker: missing --redis <url>');
  if (typeof values.storage !== 'string') throw new CliUsageError('worker: missing --storage <url>');
  const log = values.log ?? 'text';
  if (log !== 'text' && log !== 'json') throw new CliUsageError('worker: --log must be text or json');
  const storage = openStorageUrl(values.storage);
  if (typeof values.module === 'string') {
    const { pathToFileURL } = await import('node:url');
    const { resolve } = await import('node:path');
    await import(pathToFileURL(resolve(values.module)).href);
  }
  const pid = process.pid;
  const print = (event: WorkerEvent) => {
    const e = { ...event, pid };
    console.log(log === 'json' ? JSON.stringify(e) : formatEvent(e));
  };
  const worker = await DistributedWorker.start({
    redis: values.redis,
    storage,
    queue: typeof values.queue === 'string' ? values.queue : undefined,
    concurrency: integer('concurrency', values.concurrency, 1),
    lockDurationMs: integer('lock-duration', values['lock-duration'], 100),
    stalledIntervalMs: integer('stalled-interval', values['stalled-interval'], 100),
    maxStalledCount: integer('max-stalled', values['max-stalled'], 0),
    onEvent: print,
  });
  await new Promise<void>((resolve) => {
    let signals = 0;
    const stop = () => {
      signals++;
      worker.close(signals > 1).then(resolve, (error: unknown) => {
        console.error(isFerryError(error) ? `ferry: ${error.message}` : error);
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
