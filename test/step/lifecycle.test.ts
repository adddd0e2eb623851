import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BaseStep,
  type DataContainer,
  ExecutionContext,
  hasErrorCode,
  Identity,
  LifecycleError,
  LogisticRegression,
  MemoryStorage,
  Pipeline,
  registerStep,
  TrainOnlyWrapper,
} from 'ferryml';

/** Records every lifecycle call. */
class Probe extends BaseStep {
  static readonly classId = 'test.Probe';
  log: string[] = [];
  protected override defaultHyperparams() {
    return { factor: 2 };
  }
  override get requiresFit(): boolean {
    return true;
  }
  override async setup(ctx?: ExecutionContext): Promise<this> {
    this.log.push('setup');
    return super.setup(ctx);
  }
  override async teardown(): Promise<this> {
    this.log.push('teardown');
    return super.teardown();
  }
  protected override fitStep(): void {
    this.log.push('fit');
  }
  protected transformStep(x: unknown): unknown {
    this.log.push('transform');
    return (x as number[]).map((v) => v * (this.hyperparams.get('factor') as number));
  }
}
registerStep(Probe);

describe('step lifecycle', () => {
  it('a new step is invalidated, not initialised and not fitted', () => {
    const p = new Probe();
    assert.equal(p.isInitialized, false);
    assert.equal(p.isInvalidated, true);
    assert.equal(p.isFitted, false);
    assert.equal(p.name, 'Probe');
  });

  it('transform before fit is a LifecycleError naming the step', async () => {
    const p = new Probe({ name: 'probe' });
    await assert.rejects(p.transform([1]), (e: unknown) => {
      assert.ok(e instanceof LifecycleError);
      assert.equal(e.stepName, 'probe');
      assert.match(e.message, /before fit/);
      return true;
    });
  });

  it('fit sets up once, then transform uses it', async () => {
    const p = new Probe();
    await p.fit([1, 2]);
    assert.deepEqual(await p.transform([1, 2]), [2, 4]);
    assert.deepEqual(p.log, ['setup', 'fit', 'transform']);
    assert.equal(p.isInitialized, true);
    assert.equal(p.isFitted, true);
  });

  it('setup twice is a LifecycleError; teardown allows a new setup', async () => {
    const p = new Probe();
    await p.setup();
    await assert.rejects(p.setup(), (e) => hasErrorCode(e, 'FERRY_LIFECYCLE'));
    await p.teardown();
    assert.equal(p.isInitialized, false);
    await p.setup();
    assert.deepEqual(p.log, ['setup', 'setup', 'teardown', 'setup']);
  });

  it('setHyperparams and fit invalidate; save clears it', async () => {
    const p = new Probe({ name: 'p' });
    await p.save(new ExecutionContext(new MemoryStorage()));
    assert.equal(p.isInvalidated, false);
    p.setHyperparams({ factor: 3 });
    assert.equal(p.isInvalidated, true);
    await p.save(new ExecutionContext(new MemoryStorage()));
    await p.fit([1]);
    assert.equal(p.isInvalidated, true);
    assert.deepEqual(await p.transform([1]), [3]);
  });

  it('fitTransform fits and transforms', async () => {
    const p = new Probe();
    assert.deepEqual(await p.fitTransform([5]), [10]);
    assert.deepEqual(p.log, ['setup', 'fit', 'transform']);
  });

  it('meta steps forward setup and teardown to their children', async () => {
    const a = new Probe({ name: 'a' });
    const pipe = new Pipeline([a, new TrainOnlyWrapper(new Identity())]);
    await pipe.fit([1]);
    assert.equal(a.isInitialized, true);
    assert.equal(pipe.isInitialized, true);
    await pipe.teardown();
    assert.equal(a.isInitialized, false);
    assert.ok(a.log.includes('teardown'));
  });

  it('a pipeline fits every step but the last with fitTransform and transforms through all', async () => {
    const a = new Probe({ name: 'a' });
    const b = new Probe({ name: 'b' });
    const pipe = new Pipeline([a, b]);
    await pipe.fit([1]);
    assert.deepEqual(a.log, ['setup', 'fit', 'transform']);
    assert.deepEqual(b.log, ['setup', 'fit']);
    assert.deepEqual(await pipe.transform([1]), [4]);
  });

  it('train-only steps run on fit, and on transform only in training mode', async () => {
    const seen: string[] = [];
    class Tap extends Identity {
      override async handleTransform(d: DataContainer): Promise<DataContainer> {
        seen.push('transform');
        return d;
      }
      override async handleFitTransform(d: DataContainer): Promise<DataContainer> {
        seen.push('fitTransform');
        return d;
      }
    }
    const pipe = new Pipeline([new TrainOnlyWrapper(new Tap()), new Identity()]);
    await pipe.fit([1]);
    await pipe.transform([1]);
    assert.deepEqual(seen, ['fitTransform']);
    pipe.setTrain(true);
    await pipe.transform([1]);
    assert.deepEqual(seen, ['fitTransform', 'transform']);
  });

  it('loaded steps come back not initialised, not invalidated, fitted and in inference mode', async () => {
    const storage = new MemoryStorage();
    const p = new Probe({ name: 'p' });
    await p.fit([1]);
    p.setTrain(true);
    await p.save(new ExecutionContext(storage), { fullDump: true });
    const loaded = (await new ExecutionContext(storage).load('p')) as Probe;
    assert.ok(loaded instanceof Probe);
    assert.equal(loaded.isInitialized, false);
    assert.equal(loaded.isInvalidated, false);
    assert.equal(loaded.isTrain, false);
    assert.equal(loaded.isFitted, true);
    assert.deepEqual(await loaded.transform([4]), [8]);
  });

  it('duplicate step names in a pipeline are refused', () => {
    assert.throws(
      () => new Pipeline([new Identity(), new Identity()]),
      (e) => hasErrorCode(e, 'FERRY_DUPLICATE_STEP_NAME'),
    );
    const ok = new Pipeline([new Identity(), ['second', new Identity()]]);
    assert.deepEqual(
      ok.steps.map((s) => s.name),
      ['Identity', 'second'],
    );
    assert.ok(new LogisticRegression());
  });
});
