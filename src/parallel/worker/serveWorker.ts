/**
 * The loop a worker runs: it says hello, then takes tasks one at a time in the order they arrive and answers each
 * with its result or its error as plain data. Every runtime's worker entry (src/parallel/workerEntries/) calls it.
 */
import { detectRuntime } from '../../runtime.ts';
import { type ReplyMessage, remoteErrorInfo, type TaskMessage } from '../protocol.ts';
import { type WorkerState, workerTask } from './workerTasks.ts';

/** The worker's side of its channel to the pool. */
interface ParentChannel {
  post(message: unknown, transfer: ArrayBuffer[]): void;
  listen(handler: (message: unknown) => void): void;
}

interface NodeParentPort {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  on(event: 'message', handler: (message: unknown) => void): void;
}

interface WebWorkerScope {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  addEventListener(type: 'message', handler: (event: { data: unknown }) => void): void;
}

function parentChannel(): ParentChannel {
  if (detectRuntime() === 'node') {
    const getBuiltin = (process as unknown as { getBuiltinModule(id: string): unknown }).getBuiltinModule;
    const { parentPort } = getBuiltin('node:worker_threads') as { parentPort: NodeParentPort | null };
    if (!parentPort) throw new Error('serveWorker() runs only inside a worker thread');
    return { post: (m, t) => parentPort.postMessage(m, t), listen: (h) => parentPort.on('message', h) };
  }
  const scope = globalThis as unknown as WebWorkerScope;
  return {
    post: (m, t) => scope.postMessage(m, t),
    listen: (h) => scope.addEventListener('message', (e) => h(e.data)),
  };
}

/** Posts `message`, transferring `transfer`; when a buffer cannot be transferred (WASM memory), copies instead. */
function postReply(channel: ParentChannel, message: ReplyMessage, transfer: ArrayBuffer[]): void {
  try {
    channel.post(message, transfer);
  } catch (error) {
    if (transfer.length === 0) throw error;
    channel.post(message, []);
  }
}

async function runTask(channel: ParentChannel, state: WorkerState, message: TaskMessage): Promise<void> {
  const task = workerTask(message.task);
  try {
    if (!task) throw new Error(`no worker task named "${message.task}" is registered in this worker`);
    const { result, transfer = [] } = await task(message.payload, state);
    postReply(channel, { id: message.id, ok: true, result }, transfer);
  } catch (error) {
    try {
      channel.post({ id: message.id, ok: false, error: remoteErrorInfo(error) }, []);
    } catch {
      channel.post({ id: message.id, ok: false, error: { name: 'Error', message: String(error) } }, []);
    }
  }
}

/** Serves tasks until the pool ends this worker. */
export function serveWorker(): void {
  const channel = parentChannel();
  const state: WorkerState = new Map();
  let queue: Promise<void> = Promise.resolve();
  channel.listen((message) => {
    queue = queue.then(() => runTask(channel, state, message as TaskMessage));
  });
  channel.post({ hello: true }, []);
}
