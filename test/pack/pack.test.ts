import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CorruptDumpError,
  ExecutionContext,
  hasErrorCode,
  LogisticRegression,
  MemoryStorage,
  type NDArray,
  OutputTransformerWrapper,
  Pipeline,
  Ravel,
} from 'ferryml';
import { PackStorage } from '../../adapters/pack.ts';
import { pack } from '../../src/pack/pack.ts';

async function savedModel(): Promise<{ storage: MemoryStorage; pipeline: Pipeline }> {
  const pipeline = new Pipeline([new OutputTransformerWrapper(new Ravel()), new LogisticRegression()]).setName('model');
  await pipeline.fit([[0], [1], [2], [3]], [[0], [2], [4], [6]]);
  const storage = new MemoryStorage();
  await pipeline.save(new ExecutionContext(storage), { fullDump: true });
  return { storage, pipeline };
}

describe('single-file packs', () => {
  it('hold a whole dump that loads from the pack alone, with the same predictions', async () => {
    const { storage, pipeline } = await savedModel();
    const bytes = await pack(storage, 'model');
    assert.equal(new TextDecoder().decode(bytes.subarray(0, 8)), 'FERRYPAK');
    const packStorage = new PackStorage(bytes);
    assert.equal(await packStorage.root(), 'model');
    assert.deepEqual(await packStorage.list(''), await storage.list(''));
    const loaded = (await new ExecutionContext(packStorage).load('model')) as Pipeline;
    const X = [[0], [1], [2], [3], [1.5]];
    const a = (await loaded.transform(X)) as NDArray;
    const b = (await pipeline.transform(X)) as NDArray;
    assert.deepEqual(a.data, b.data);
  });

  it('load tensors as views into the pack bytes (zero copy)', async () => {
    const { storage } = await savedModel();
    const bytes = await pack(storage, 'model');
    const loaded = (await new ExecutionContext(new PackStorage(bytes)).load('model')) as Pipeline;
    const lr = loaded.getStep('LogisticRegression') as LogisticRegression;
    assert.equal(lr.coef?.data.buffer, bytes.buffer);
    assert.equal((lr.coef?.data.byteOffset ?? 1) % 8, 0);
  });

  it('are read-only', async () => {
    const { storage } = await savedModel();
    const ps = new PackStorage(await pack(storage, 'model'));
    await assert.rejects(ps.write('x', new Uint8Array(1)), (e) => hasErrorCode(e, 'FERRY_READ_ONLY_STORAGE'));
    await assert.rejects(ps.delete('model'), (e) => hasErrorCode(e, 'FERRY_READ_ONLY_STORAGE'));
    await assert.rejects(ps.read('model/nope.ferry'), (e) => hasErrorCode(e, 'FERRY_NOT_FOUND'));
  });

  it('every flipped byte is a typed error, never a wrong answer', async () => {
    const { storage, pipeline } = await savedModel();
    const bytes = await pack(storage, 'model');
    const X = [[0], [1], [2], [3]];
    const expected = ((await pipeline.transform(X)) as NDArray).data;
    for (let i = 0; i < bytes.byteLength; i += 3) {
      const copy = bytes.slice();
      copy[i] ^= 0x04;
      try {
        const loaded = await new ExecutionContext(new PackStorage(copy)).load('model');
        assert.deepEqual(((await loaded.transform(X)) as NDArray).data, expected, `byte ${i} changed the answer`);
        assert.fail(`byte ${i} flipped and the pack still loaded`);
      } catch (e) {
        assert.ok(
          e instanceof CorruptDumpError ||
            hasErrorCode(e, 'FERRY_UNSUPPORTED_FORMAT_VERSION') ||
            hasErrorCode(e, 'FERRY_NOT_FOUND'),
          `byte ${i}: ${String(e)}`,
        );
      }
    }
  });

  it('verify each byte once: .ferry entries by their own checksums on load, verifyEntries() by the pack checksums', async () => {
    const { storage } = await savedModel();
    const bytes = await pack(storage, 'model');
    const intact = new PackStorage(bytes);
    assert.equal(await intact.verifyEntries(), (await storage.list('')).length);
    // Flip the last byte of the LogisticRegression step file (its payload: a tensor checksum covers it).
    const file = 'model/LogisticRegression/LogisticRegression.ferry';
    const entry = await intact.read(file);
    const copy = bytes.slice();
    copy[entry.byteOffset - bytes.byteOffset + entry.byteLength - 1] ^= 0x01;
    const damaged = new PackStorage(copy);
    const raw = await damaged.read(file);
    assert.equal(raw.byteLength, entry.byteLength, 'a .ferry entry is handed out unhashed: its reader verifies it');
    await assert.rejects(new ExecutionContext(damaged).load('model'), (e) => {
      assert.ok(e instanceof CorruptDumpError, String(e));
      assert.match(String(e), /LogisticRegression\.ferry/);
      return true;
    });
    await assert.rejects(
      damaged.verifyEntries(),
      (e) => e instanceof CorruptDumpError && /checksum mismatch/.test(String(e)),
    );
  });

  it('refuse to pack a name with no files', async () => {
    await assert.rejects(pack(new MemoryStorage(), 'nothing'), (e) => hasErrorCode(e, 'FERRY_EMPTY_DUMP'));
  });
});
