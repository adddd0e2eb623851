import { FerryError } from '../errors/index.ts';
import type { ClassSchema } from '../schema/ClassSchema.ts';
import { hasSaverBrand, hasStepBrand } from '../step/brand.ts';
import { type RegisteredClass, registerClass } from './registry.ts';

/** How a class is registered: its id in dumps (default: its static `classId`, else its name) and its field schema. */
export interface RegisterOptions {
  readonly id?: string;
  /**
   * The saved fields the loader checks before building an instance (see {@link ClassSchema}). Without one, a step's
   * BaseStep fields are still checked and its other fields are handed over as they are.
   */
  readonly schema?: ClassSchema;
}

function optionsOf(idOrOptions: string | RegisterOptions | undefined): RegisterOptions {
  return typeof idOrOptions === 'string' ? { id: idOrOptions } : (idOrOptions ?? {});
}

/**
 * Registers a step class so dumps holding it can be loaded (the registry is the allow-list of what
 * a dump may rebuild). `id` defaults to the class's own static `classId`, else its name: give an
 * explicit id when a minifier may rename the class.
 */
export function registerStep(cls: RegisteredClass, idOrOptions?: string | RegisterOptions): string {
  if (!hasStepBrand(cls.prototype))
    throw new FerryError('FERRY_NOT_A_STEP', `registerStep(${cls.name}): not a subclass of BaseStep`);
  const { id, schema } = optionsOf(idOrOptions);
  return registerClass(cls, id, schema);
}

/** Registers a saver class (see {@link registerStep}). */
export function registerSaver(cls: RegisteredClass, idOrOptions?: string | RegisterOptions): string {
  if (!hasSaverBrand(cls.prototype))
    throw new FerryError('FERRY_NOT_A_SAVER', `registerSaver(${cls.name}): not a subclass of BaseSaver`);
  const { id, schema } = optionsOf(idOrOptions);
  return registerClass(cls, id, schema);
}
