/**
 * The worker entry of the browser build (dist/browser/worker.js): the browser entry of ferryml (storage, kernels, built-in
 * classes), the worker tasks of queued pipelines and AutoML trials, then the task loop.
 */
import '../../entries/browser.ts';
import '../worker/stageTasks.ts';
import '../../automl/trialTasks.ts';
import { serveWorker } from '../worker/serveWorker.ts';

serveWorker();
