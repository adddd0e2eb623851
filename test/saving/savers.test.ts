import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BaseSaver,
  type BaseStep,
  ExecutionContext,
  Identity,
  MemoryStorage,
  Pipeline,
  registerSaver,
  registerStep,
  UnserializableFieldError,
} from 'ferryml';

const calls: string[] = [];

class RecordingSaver extends BaseSaver {
  constructor(readonly tag: string) {
    super();
  }
  saveStep(step: BaseStep): BaseStep {
    calls.push(`save:${this.tag}`);
    (step as WithResource).resource = null;
    return step;
  }
  canLoad(): boolean {
    return true;
  }
  loadStep(step: BaseStep): BaseStep {
    calls.push(`load:${this.tag}`);
    (step as WithResource).resource = () => 'recreated';
    return step;
  }
}
registerSaver(RecordingSaver, 'test.RecordingSaver');

class WithResource extends Identity {
  static readonly classId = 'test.WithResource';
  resource: (() => string) | null = () => 'live';
}
registerStep(WithResource);

describe('savers', () => {
  it('run in reverse order on save and in order on load, msgpack last on save / first on load', async () => {
    calls.length = 0;
    const storage = new MemoryStorage();
    const step = new WithResource({ name: 'w', savers: [new RecordingSaver('first'), new RecordingSaver('second')] });
    await step.save(new ExecutionContext(storage), { fullDump: true });
    assert.deepEqual(calls, ['save:second', 'save:first']);
    // The live step keeps its resource: savers strip a copy.
    assert.equal(step.resource?.(), 'live');
    calls.length = 0;
    const loaded = (await new ExecutionContext(storage).load('w')) as WithResource;
    assert.deepEqual(calls, ['load:first', 'load:second']);
    assert.equal(loaded.resource?.(), 'recreated');
    assert.ok(loaded instanceof WithResource);
    assert.deepEqual(
      loaded.savers.map((s) => (s as RecordingSaver).tag),
      ['first', 'second'],
    );
  });

  it('a field nobody strips is an UnserializableFieldError naming step and field; nothing is written', async () => {
    const storage = new MemoryStorage();
    const p = new Pipeline([new Identity({ name: 'fine' }), new WithResource({ name: 'bad' })]).setName('p');
    await assert.rejects(p.save(new ExecutionContext(storage), { fullDump: true }), (e: unknown) => {
      assert.ok(e instanceof UnserializableFieldError);
      assert.equal(e.stepName, 'bad');
      assert.equal(e.fieldPath, 'resource');
      assert.match(e.message, /saver/);
      return true;
    });
    assert.deepEqual(await storage.list(''), []);
  });

  it('names nested field paths and unregistered classes', async () => {
    class Opaque {
      x = 1;
    }
    const s = new Identity({ name: 'i' }) as Identity & { extra?: unknown };
    s.extra = { list: [1, { deep: new Opaque() }] };
    await assert.rejects(s.save(new ExecutionContext(new MemoryStorage()), { fullDump: true }), (e: unknown) => {
      assert.ok(e instanceof UnserializableFieldError);
      assert.equal(e.fieldPath, 'extra.list[1].deep');
      assert.match(e.message, /Opaque/);
      return true;
    });
    s.extra = new Map();
    await assert.rejects(s.save(new ExecutionContext(new MemoryStorage())), UnserializableFieldError);
  });

  it('without fullDump skips steps that are neither invalidated nor new', async () => {
    const storage = new MemoryStorage();
    const a = new Identity({ name: 'a' });
    const b = new Identity({ name: 'b' });
    const p = new Pipeline([a, b]).setName('p');
    await p.save(new ExecutionContext(storage));
    assert.deepEqual(await storage.list(''), ['p/a/a.ferry', 'p/b/b.ferry', 'p/p.ferry']);
    assert.equal(a.isInvalidated, false);
    await storage.delete('');
    b.setName('b'); // invalidates b only
    await p.save(new ExecutionContext(storage));
    assert.deepEqual(await storage.list(''), ['p/b/b.ferry']);
    await p.save(new ExecutionContext(storage), { fullDump: true });
    assert.deepEqual(await storage.list(''), ['p/a/a.ferry', 'p/b/b.ferry', 'p/p.ferry']);
  });

  it('reports progress while saving', async () => {
    const seen: string[] = [];
    const p = new Pipeline([new Identity({ name: 'a' })]).setName('p');
    await p.save(new ExecutionContext(new MemoryStorage()), {
      fullDump: true,
      onProgress: (e) => seen.push(`${e.phase}:${e.file}`),
    });
    assert.ok(seen.includes('write:p/p.ferry'));
    assert.ok(seen.includes('write:p/a/a.ferry'));
  });
});
