/**
 * The tasks a worker can run, by name. Ferry registers its own (loading a stage, transforming a batch, running an
 * AutoML trial); each task keeps what it needs between calls in the worker's {@link WorkerState}.
 */

/** What a worker keeps between tasks (loaded stages, a search's data), by key. */
export type WorkerState = Map<string, unknown>;

/** What a task gives back: its result, and the buffers in it to transfer rather than copy. */
export interface TaskResult {
  readonly result: unknown;
  readonly transfer?: ArrayBuffer[];
}

/** Runs one task in a worker. */
export type WorkerTask = (payload: unknown, state: WorkerState) => Promise<TaskResult>;

const tasks = new Map<string, WorkerTask>();

/** Makes `task` runnable by name in workers of this realm (call it at module load, in modules workers import). */
export function registerWorkerTask(name: string, task: WorkerTask): void {
  tasks.set(name, task);
}

/** The task registered as `name`, or undefined. */
export function workerTask(name: string): WorkerTask | undefined {
  return tasks.get(name);
}
