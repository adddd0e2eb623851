/**
 * The live queue of a queued pipeline (the seed's `IdentityWithQueue` pattern: created in `setup()`, stripped by the
 * pipeline's saver, never saved): slots for the batches between the input and the output. A batch takes a slot when it
 * is read from the input and gives it back when its output is handed on, so at most `capacity` batches are in flight
 * and a slow consumer stops the reading (backpressure).
 */
export class BatchQueue {
  private used = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(
    /** The most batches in flight at once. */
    readonly capacity: number,
  ) {}

  /** Batches in flight now. */
  get size(): number {
    return this.used;
  }

  /** Takes a slot when one is free now. */
  tryAcquire(): boolean {
    if (this.used >= this.capacity) return false;
    this.used++;
    return true;
  }

  /** Takes a slot, waiting for one. */
  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Gives a slot back (to the longest waiter, if any). */
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.used--;
  }
}
