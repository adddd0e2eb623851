/**
 * The worker entry of the bun build (dist/bun/worker.js): the bun entry of ferryml (storage, kernels, built-in
 * classes), the worker tasks of queued pipelines and AutoML trials, then the task loop.
 */
import '../../entries/bun.ts';
import '../worker/stageTasks.ts';
import '../../automl/trialTasks.ts';
import { serveWorker } from '../worker/serveWorker.ts';

serveWorker();
