/** The messages between a worker pool and its workers. */
import type { RemoteErrorInfo } from './errors.ts';

/** Pool → worker: run `task` with `payload`. Workers run their tasks one at a time, in the order received. */
export interface TaskMessage {
  readonly id: number;
  readonly task: string;
  readonly payload: unknown;
}

/** Worker → pool: the worker's entry has run and it takes tasks. */
export interface HelloMessage {
  readonly hello: true;
}

/** Worker → pool: the outcome of task `id`. */
export type ReplyMessage =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: RemoteErrorInfo };

/** The error thrown by a task, as plain data. */
export function remoteErrorInfo(error: unknown): RemoteErrorInfo {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      ...(typeof code === 'string' ? { code } : {}),
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}
