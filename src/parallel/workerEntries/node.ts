/**
 * The worker entry of the node build (dist/node/worker.js): the node entry of ferryml (storage, kernels, built-in
 * classes), the worker tasks of queued pipelines and AutoML trials, then the task loop.
 */
import '../../entries/node.ts';
import '../worker/stageTasks.ts';
import '../../automl/trialTasks.ts';
import { serveWorker } from '../worker/serveWorker.ts';

serveWorker();
