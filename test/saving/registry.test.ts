import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BaseStep,
  ExecutionContext,
  FerryError,
  hasErrorCode,
  Identity,
  isFerryError,
  MemoryStorage,
  registerClass,
  registeredClassIds,
  registerSaver,
  registerStep,
  UnknownClassError,
} from 'ferryml';
import { loadKernels } from '../../src/kernels/loadKernels.ts';
import { encodeFerryFile } from '../../src/saving/format/ferryFile.ts';
import { PayloadSection } from '../../src/saving/format/PayloadSection.ts';
import { wasmXxh64 } from '../../src/saving/format/xxhash64.ts';

describe('registry', () => {
  it('an unregistered class id is an UnknownClassError listing what is registered', async () => {
    // A dump written by another process, naming a class this process never registered.
    const hasher = wasmXxh64(await loadKernels());
    const header = { format: 1, class: 'elsewhere.OnlyThere', name: 'n', fields: { name: 'n' } };
    const storage = new MemoryStorage();
    await storage.write('n/n.ferry', encodeFerryFile(header, new PayloadSection(hasher), hasher));
    await assert.rejects(new ExecutionContext(storage).load('n'), (e: unknown) => {
      assert.ok(e instanceof UnknownClassError);
      assert.equal(e.classId, 'elsewhere.OnlyThere');
      assert.ok(e.registered.includes('ferry.LogisticRegression'));
      assert.match(e.message, /ferry\.Pipeline/);
      assert.match(e.message, /n\/n\.ferry/);
      return true;
    });
  });

  it('refuses a second class under a taken id', () => {
    class A extends Identity {}
    class B extends Identity {}
    registerStep(A, 'test.Same');
    registerStep(A, 'test.Same');
    assert.throws(
      () => registerStep(B, 'test.Same'),
      (e) => hasErrorCode(e, 'FERRY_REGISTRY_CONFLICT'),
    );
  });

  it('registerStep/registerSaver check what they are given', () => {
    class NotAStep {}
    assert.throws(
      () => registerStep(NotAStep),
      (e) => hasErrorCode(e, 'FERRY_NOT_A_STEP'),
    );
    assert.throws(
      () => registerSaver(NotAStep),
      (e) => hasErrorCode(e, 'FERRY_NOT_A_SAVER'),
    );
    registerClass(NotAStep, 'test.NotAStep');
    assert.ok(registeredClassIds().includes('test.NotAStep'));
  });

  it('errors carry codes and are recognised across realms', () => {
    const e = new UnknownClassError('x', []);
    assert.ok(e instanceof FerryError);
    assert.equal(e.code, 'FERRY_UNKNOWN_CLASS');
    // A structurally identical error from another realm (no shared prototype).
    const foreign = { isFerryError: true, code: 'FERRY_UNKNOWN_CLASS', message: 'x' };
    assert.ok(isFerryError(foreign));
    assert.ok(hasErrorCode(foreign, 'FERRY_UNKNOWN_CLASS'));
    assert.ok(!isFerryError(new Error('plain')));
  });

  it('built-in steps are pre-registered', () => {
    for (const id of [
      'ferry.Pipeline',
      'ferry.Identity',
      'ferry.LogisticRegression',
      'ferry.MsgpackStepSaver',
      'ferry.Uniform',
    ]) {
      assert.ok(registeredClassIds().includes(id), id);
    }
    assert.ok(BaseStep);
  });
});
