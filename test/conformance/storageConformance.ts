/**
 * The conformance suite every StorageAdapter must pass, run in the adapter's own runtime.
 * Call `runStorageConformance(name, makeFreshAdapter)` from a test file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasErrorCode, type StorageAdapter } from 'ferryml';

export interface ConformanceOptions {
  /** Skip writing the 64 MB value (never used by the Node suites; for slow remote adapters only). */
  readonly skipLarge?: boolean;
  /** Adapter is read-only: only reading checks apply (not used yet). */
  readonly readOnly?: boolean;
}

function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values);
}

export function runStorageConformance(
  name: string,
  make: () => Promise<StorageAdapter>,
  options: ConformanceOptions = {},
): void {
  describe(`StorageAdapter conformance: ${name}`, () => {
    it('writes and reads back a value', async () => {
      const s = await make();
      await s.write('a.bin', bytes(1, 2, 3));
      assert.deepEqual(await s.read('a.bin'), bytes(1, 2, 3));
    });

    it('writes chunked data as one value', async () => {
      const s = await make();
      await s.write('chunked', [bytes(1), bytes(), bytes(2, 3)]);
      assert.deepEqual(await s.read('chunked'), bytes(1, 2, 3));
    });

    it('stores empty (0-byte) values', async () => {
      const s = await make();
      await s.write('empty', new Uint8Array(0));
      assert.equal((await s.read('empty')).byteLength, 0);
      assert.deepEqual(await s.list(''), ['empty']);
    });

    it('handles nested keys and lists by prefix', async () => {
      const s = await make();
      await s.write('p/a/a.ferry', bytes(1));
      await s.write('p/b/b.ferry', bytes(2));
      await s.write('p/p.ferry', bytes(3));
      await s.write('q/q.ferry', bytes(4));
      await s.write('pp/x', bytes(5));
      assert.deepEqual(await s.list('p'), ['p/a/a.ferry', 'p/b/b.ferry', 'p/p.ferry']);
      assert.deepEqual(await s.list('p/'), ['p/a/a.ferry', 'p/b/b.ferry', 'p/p.ferry']);
      assert.deepEqual(await s.list('p/a'), ['p/a/a.ferry']);
      assert.deepEqual(await s.list(''), ['p/a/a.ferry', 'p/b/b.ferry', 'p/p.ferry', 'pp/x', 'q/q.ferry']);
      assert.deepEqual(await s.list('nothing'), []);
    });

    it('overwrites a value', async () => {
      const s = await make();
      await s.write('k', bytes(1, 2, 3, 4));
      await s.write('k', bytes(9));
      assert.deepEqual(await s.read('k'), bytes(9));
      assert.deepEqual(await s.list(''), ['k']);
    });

    it('deletes a prefix and everything under it, and missing keys quietly', async () => {
      const s = await make();
      await s.write('d/x', bytes(1));
      await s.write('d/y/z', bytes(2));
      await s.write('dd', bytes(3));
      await s.delete('d');
      assert.deepEqual(await s.list(''), ['dd']);
      await s.delete('does/not/exist');
      await s.delete('');
      assert.deepEqual(await s.list(''), []);
    });

    it('throws NotFoundError for a missing key', async () => {
      const s = await make();
      await assert.rejects(s.read('missing/key'), (e) => hasErrorCode(e, 'FERRY_NOT_FOUND'));
    });

    it('rejects "..", absolute paths, NUL and empty segments in every method', async () => {
      const s = await make();
      for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a\0b', 'a//b', '', './a', 'C:/x', 'a\\b']) {
        await assert.rejects(s.read(bad), (e) => hasErrorCode(e, 'FERRY_INVALID_PATH'), `read ${JSON.stringify(bad)}`);
        await assert.rejects(
          s.write(bad, bytes(1)),
          (e) => hasErrorCode(e, 'FERRY_INVALID_PATH'),
          `write ${JSON.stringify(bad)}`,
        );
        if (bad !== '') {
          await assert.rejects(
            s.list(bad),
            (e) => hasErrorCode(e, 'FERRY_INVALID_PATH'),
            `list ${JSON.stringify(bad)}`,
          );
          await assert.rejects(
            s.delete(bad),
            (e) => hasErrorCode(e, 'FERRY_INVALID_PATH'),
            `delete ${JSON.stringify(bad)}`,
          );
        }
      }
    });

    it('keeps concurrent writes to different keys apart', async () => {
      const s = await make();
      const n = 32;
      await Promise.all(Array.from({ length: n }, (_, i) => s.write(`c/${i}`, new Uint8Array(1000 + i).fill(i))));
      for (let i = 0; i < n; i++) {
        const v = await s.read(`c/${i}`);
        assert.equal(v.byteLength, 1000 + i);
        assert.ok(v.every((b) => b === i));
      }
    });

    it('does not keep a reference to the caller buffer', async () => {
      const s = await make();
      const buf = bytes(1, 2, 3);
      await s.write('copy', buf);
      buf[0] = 99;
      assert.equal((await s.read('copy'))[0], 1);
    });

    if (!options.skipLarge) {
      it('stores a 64 MB value', async () => {
        const s = await make();
        const big = new Uint8Array(64 * 1024 * 1024);
        for (let i = 0; i < big.length; i += 4096) big[i] = (i / 4096) & 0xff;
        await s.write('big/value', big);
        const back = await s.read('big/value');
        assert.equal(back.byteLength, big.byteLength);
        for (let i = 0; i < big.length; i += 4096) assert.equal(back[i], (i / 4096) & 0xff);
      });
    }
  });
}
