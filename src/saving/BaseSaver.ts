import type { BaseStep } from '../step/BaseStep.ts';
import { SAVER_BRAND } from '../step/brand.ts';
import type { ExecutionContext } from './ExecutionContext.ts';

/**
 * Saves the part of a step that the default msgpack saver cannot (a queue, a socket, a live tfjs
 * model) and restores it on load. A step's savers run in reverse order on save and in order on
 * load; {@link MsgpackStepSaver} always runs last on save and first on load, and writes whatever
 * the other savers left. `saveStep` receives a shallow copy of the live step: strip fields on it
 * freely, the live step keeps working.
 *
 * Savers are saved with the step (their class id and own fields), so register custom ones in the
 * loading process with `registerSaver(MySaver)`.
 */
export abstract class BaseSaver {
  /** Strips what cannot be serialized (and may write extra files with `context.writeFile`). */
  abstract saveStep(step: BaseStep, context: ExecutionContext): BaseStep | Promise<BaseStep>;
  /** Whether this saver can restore `step` in `context` (e.g. its extra files exist). */
  abstract canLoad(step: BaseStep, context: ExecutionContext): boolean | Promise<boolean>;
  /** Restores what `saveStep` stripped. */
  abstract loadStep(step: BaseStep, context: ExecutionContext): BaseStep | Promise<BaseStep>;
}
Object.defineProperty(BaseSaver.prototype, SAVER_BRAND, { value: true });
