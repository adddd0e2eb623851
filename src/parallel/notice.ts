import type { RuntimeName } from '../runtime.ts';

/**
 * Said once per pipeline or search when it wanted workers and this runtime has none (workerd and Cloudflare Workers,
 * or a runtime without `Worker`): the work then runs in this thread, in order, with the same results.
 */
export interface ParallelismNotice {
  readonly code: 'FERRY_NO_WORKERS';
  /** The runtime that has no workers. */
  readonly runtime: RuntimeName;
  /** The pipeline or search concerned. */
  readonly owner: string;
  /** A sentence for people. */
  readonly message: string;
}

/** Receives {@link ParallelismNotice}s. */
export type ParallelismNoticeHandler = (notice: ParallelismNotice) => void;

/** The default: one `console.warn` line per notice. */
export const noticeOnConsole: ParallelismNoticeHandler = (n) => {
  console.warn(`ParallelismNotice [${n.code}]: ${n.message}`);
};

let processHandler: ParallelismNoticeHandler | null = noticeOnConsole;

/** Sets where parallelism notices go when a pipeline has no handler of its own (`null` silences them). */
export function setParallelismNoticeHandler(handler: ParallelismNoticeHandler | null): ParallelismNoticeHandler | null {
  const previous = processHandler;
  processHandler = handler;
  return previous;
}

/** Reports `notice` to `own` when given, else to the process-wide handler. */
export function emitParallelismNotice(notice: ParallelismNotice, own?: ParallelismNoticeHandler): void {
  (own ?? processHandler)?.(notice);
}
