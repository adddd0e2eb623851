/**
 * A step's dump as one buffer, for a worker: a full dump into a `MemoryStorage`, packed (`pack()`) into the bytes of a
 * `.ferrypack`. Workers read it through `PackStorage` and load it without source. The save leaves the step's
 * `isInvalidated` flags as they were, so the user's own partial saves still write what changed.
 */
import { MemoryStorage } from '../../adapters/memory.ts';
import { pack } from '../pack/pack.ts';
import { ExecutionContext } from '../saving/ExecutionContext.ts';
import type { BaseStep } from '../step/BaseStep.ts';

function descendants(step: BaseStep, out: BaseStep[] = []): BaseStep[] {
  out.push(step);
  for (const child of step.getChildren()) descendants(child, out);
  return out;
}

/** The pack bytes of `step`'s full dump (its name is the pack's root). */
export async function packStep(step: BaseStep): Promise<Uint8Array> {
  const steps = descendants(step);
  const flags = steps.map((s) => s.isInvalidated);
  const storage = new MemoryStorage();
  try {
    await step.save(new ExecutionContext(storage), { fullDump: true });
  } finally {
    steps.forEach((s, i) => {
      s.isInvalidated = flags[i];
    });
  }
  return pack(storage, step.name);
}

/** Whether two byte strings are equal. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
