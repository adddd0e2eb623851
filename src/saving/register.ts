import { FerryError } from '../errors/index.ts';
import { hasSaverBrand, hasStepBrand } from '../step/brand.ts';
import { type RegisteredClass, registerClass } from './registry.ts';

/**
 * Registers a step class so dumps holding it can be loaded (the registry is the allow-list of what
 * a dump may rebuild). `id` defaults to the class's own static `classId`, else its name: give an
 * explicit id when a minifier may rename the class.
 */
export function registerStep(cls: RegisteredClass, id?: string): string {
  if (!hasStepBrand(cls.prototype))
    throw new FerryError('FERRY_NOT_A_STEP', `registerStep(${cls.name}): not a subclass of BaseStep`);
  return registerClass(cls, id);
}

/** Registers a saver class (see {@link registerStep}). */
export function registerSaver(cls: RegisteredClass, id?: string): string {
  if (!hasSaverBrand(cls.prototype))
    throw new FerryError('FERRY_NOT_A_SAVER', `registerSaver(${cls.name}): not a subclass of BaseSaver`);
  return registerClass(cls, id);
}
