/**
 * What the distributed suites start in `before` and end in `after`: a redis-server, a temporary folder that workers
 * reach as file:// storage, and `ferry worker` processes on both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type RunningRedis, startRedis } from './redisServer.ts';
import { startWorker, type WorkerProcess } from './workerProcess.ts';

/** See the module comment. */
export class TestCluster {
  /** The workers running now (started by {@link addWorkers}). */
  readonly workers: WorkerProcess[] = [];

  private constructor(
    readonly redis: RunningRedis,
    readonly root: string,
  ) {}

  /** A fresh redis-server and storage folder, no workers yet. */
  static async start(): Promise<TestCluster> {
    return new TestCluster(await startRedis(), mkdtempSync(join(tmpdir(), 'ferry-dist-')));
  }

  /** The storage folder as the URL workers are given. */
  get storageUrl(): string {
    return pathToFileURL(this.root).href;
  }

  /** Starts `count` workers with the extra CLI `args`; they join {@link workers}. */
  async addWorkers(count: number, args: readonly string[] = []): Promise<WorkerProcess[]> {
    const started = await Promise.all(
      Array.from({ length: count }, () => startWorker(this.redis.url, this.storageUrl, [...args])),
    );
    this.workers.push(...started);
    return started;
  }

  /** Stops every worker; none is left in {@link workers}. */
  async stopWorkers(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.stop()));
  }

  /** Stops the workers and redis-server, and removes the storage folder. */
  async close(): Promise<void> {
    await this.stopWorkers();
    await this.redis.close();
    rmSync(this.root, { recursive: true, force: true });
  }
}
