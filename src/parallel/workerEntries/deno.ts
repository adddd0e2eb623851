/**
 * The worker entry of the deno build (dist/deno/worker.js): the deno entry of ferryml (storage, kernels, built-in
 * classes), the worker tasks of queued pipelines and AutoML trials, then the task loop.
 */
import '../../entries/deno.ts';
import '../worker/stageTasks.ts';
import '../../automl/trialTasks.ts';
import { serveWorker } from '../worker/serveWorker.ts';

serveWorker();
