/**
 * The custom step of the Neuraxle seed notebook: an Identity holding a live queue, and the saver
 * that strips the queue before the msgpack saver writes the step and recreates it on load.
 * Both the saving and the loading process import this module (and nothing else of the example).
 */
import { BaseSaver, type BaseStep, type ExecutionContext, Identity, registerSaver, registerStep } from 'ferryml';

/** A tiny in-process FIFO standing in for Python's `queue.Queue`: a live resource, not data. */
export class Queue<T = unknown> {
  private readonly items: T[] = [];
  private readonly waiters: ((item: T) => void)[] = [];
  put(item: T): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(item);
    else this.items.push(item);
  }
  get(): Promise<T> {
    const item = this.items.shift();
    return item !== undefined ? Promise.resolve(item) : new Promise((resolve) => this.waiters.push(resolve));
  }
  get size(): number {
    return this.items.length;
  }
}

/** Strips the queue and its observers on save; gives the loaded step a fresh queue. */
export class ObservableQueueStepSaver extends BaseSaver {
  saveStep(step: BaseStep): BaseStep {
    const s = step as IdentityWithQueue;
    s.queue = null;
    s.observers = [];
    return s;
  }
  canLoad(): boolean {
    return true;
  }
  loadStep(step: BaseStep): BaseStep {
    (step as IdentityWithQueue).queue = new Queue();
    return step;
  }
}

/** Identity with a queue created in `setup()` (never in the constructor). */
export class IdentityWithQueue extends Identity {
  queue: Queue | null = null;
  observers: ((item: unknown) => void)[] = [];

  constructor() {
    super({ savers: [new ObservableQueueStepSaver()] });
  }

  override async setup(context?: ExecutionContext): Promise<this> {
    if (!this.isInitialized) this.queue = new Queue();
    return super.setup(context);
  }
}

registerStep(IdentityWithQueue);
registerSaver(ObservableQueueStepSaver);
