/**
 * The StorageAdapter conformance cases, runtime-neutral: each case gets a factory of fresh, empty
 * adapters and throws on failure. Runners: `storageConformance.ts` (node:test) and
 * `runCases()` for Deno, Bun and Chromium, whose results the Node tests check one by one.
 */
import type { StorageAdapter } from '../../src/storage/StorageAdapter.ts';
import { equal, ok, rejectsWithCode, sameBytes, sameList } from './check.ts';

/** Makes a fresh, empty adapter. */
export type AdapterFactory = () => Promise<StorageAdapter>;

/** One conformance case. */
export interface ConformanceCase {
  readonly name: string;
  /** Writes 64 MB: runners may skip it for slow remote adapters. */
  readonly large?: boolean;
  readonly run: (make: AdapterFactory) => Promise<void>;
}

const NOT_FOUND = 'FERRY_NOT_FOUND';
const INVALID_PATH = 'FERRY_INVALID_PATH';
const BAD_KEYS = ['../x', 'a/../../x', '/etc/passwd', 'a\0b', 'a//b', '', './a', 'C:/x', 'a\\b'];
const MB = 1024 * 1024;

function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values);
}

/** A value whose every 4096th byte encodes its position (cheap to make and check at 64 MB). */
function patterned(size: number, salt: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i += 4096) out[i] = ((i / 4096) ^ salt) & 0xff;
  if (size > 0) out[size - 1] = salt & 0xff;
  return out;
}

function checkPatterned(v: Uint8Array, size: number, salt: number, what: string): void {
  equal(v.byteLength, size, `${what}: length`);
  for (let i = 0; i < size; i += 4096) {
    if (v[i] !== (((i / 4096) ^ salt) & 0xff)) throw new Error(`${what}: wrong byte at ${i}`);
  }
  equal(v[size - 1], salt & 0xff, `${what}: last byte`);
}

/** Every conformance case, in order. */
export const storageCases: readonly ConformanceCase[] = [
  {
    name: 'writes and reads back a value',
    run: async (make) => {
      const s = await make();
      await s.write('a.bin', bytes(1, 2, 3));
      sameBytes(await s.read('a.bin'), bytes(1, 2, 3), 'read a.bin');
    },
  },
  {
    name: 'writes chunked data as one value',
    run: async (make) => {
      const s = await make();
      await s.write('chunked', [bytes(1), bytes(), bytes(2, 3)]);
      sameBytes(await s.read('chunked'), bytes(1, 2, 3), 'read chunked');
    },
  },
  {
    name: 'stores empty (0-byte) values',
    run: async (make) => {
      const s = await make();
      await s.write('empty', new Uint8Array(0));
      await s.write('nested/empty', []);
      equal((await s.read('empty')).byteLength, 0, 'read empty');
      equal((await s.read('nested/empty')).byteLength, 0, 'read nested/empty');
      sameList(await s.list(''), ['empty', 'nested/empty'], 'list');
    },
  },
  {
    name: 'handles nested keys and lists by prefix',
    run: async (make) => {
      const s = await make();
      await s.write('p/a/a.bin', bytes(1));
      await s.write('p/b/b.bin', bytes(2));
      await s.write('p/p.bin', bytes(3));
      await s.write('q/q.bin', bytes(4));
      await s.write('pp/x', bytes(5));
      await s.write('p-x/y', bytes(6));
      const p = ['p/a/a.bin', 'p/b/b.bin', 'p/p.bin'];
      sameList(await s.list('p'), p, 'list p');
      sameList(await s.list('p/'), p, 'list p/');
      sameList(await s.list('p/a'), ['p/a/a.bin'], 'list p/a');
      sameList(await s.list('p/p.bin'), ['p/p.bin'], 'list of a key itself');
      sameList(await s.list(''), ['p-x/y', ...p, 'pp/x', 'q/q.bin'], 'list everything');
      sameList(await s.list('nothing'), [], 'list nothing');
      sameBytes(await s.read('p/b/b.bin'), bytes(2), 'read p/b/b.bin');
    },
  },
  {
    name: 'overwrites a value',
    run: async (make) => {
      const s = await make();
      await s.write('k', bytes(1, 2, 3, 4));
      await s.write('k', bytes(9));
      sameBytes(await s.read('k'), bytes(9), 'read k');
      await s.write('big', patterned(3 * MB + 5, 1));
      await s.write('big', patterned(MB, 2));
      checkPatterned(await s.read('big'), MB, 2, 'read big after a shorter overwrite');
      sameList(await s.list(''), ['big', 'k'], 'list');
    },
  },
  {
    name: 'deletes a prefix and everything under it, and missing keys quietly',
    run: async (make) => {
      const s = await make();
      await s.write('d/x', bytes(1));
      await s.write('d/y/z', bytes(2));
      await s.write('dd', bytes(3));
      await s.write('d-1', bytes(4));
      await s.delete('d');
      sameList(await s.list(''), ['d-1', 'dd'], 'list after delete d');
      await rejectsWithCode(s.read('d/x'), NOT_FOUND, 'read a deleted key');
      await s.delete('does/not/exist');
      await s.delete('dd');
      sameList(await s.list(''), ['d-1'], 'list after delete dd');
      await s.delete('');
      sameList(await s.list(''), [], 'list after delete everything');
      await s.write('d/x', bytes(7));
      sameBytes(await s.read('d/x'), bytes(7), 'write after delete');
    },
  },
  {
    name: 'throws NotFoundError for a missing key',
    run: async (make) => {
      const s = await make();
      await rejectsWithCode(s.read('missing/key'), NOT_FOUND, 'read missing/key');
      await s.write('dir/file', bytes(1));
      await rejectsWithCode(s.read('dir'), NOT_FOUND, 'read a folder-like prefix');
      await rejectsWithCode(s.read('dir/file/below'), NOT_FOUND, 'read below a key');
    },
  },
  {
    name: 'rejects "..", absolute paths, NUL and empty segments in every method',
    run: async (make) => {
      const s = await make();
      for (const bad of BAD_KEYS) {
        const q = JSON.stringify(bad);
        await rejectsWithCode(s.read(bad), INVALID_PATH, `read ${q}`);
        await rejectsWithCode(s.write(bad, bytes(1)), INVALID_PATH, `write ${q}`);
        if (bad === '') continue;
        await rejectsWithCode(s.list(bad), INVALID_PATH, `list ${q}`);
        await rejectsWithCode(s.delete(bad), INVALID_PATH, `delete ${q}`);
      }
      sameList(await s.list(''), [], 'nothing was written');
    },
  },
  {
    name: 'keeps concurrent writes to different keys apart',
    run: async (make) => {
      const s = await make();
      const n = 32;
      await Promise.all(Array.from({ length: n }, (_, i) => s.write(`c/${i}`, new Uint8Array(1000 + i).fill(i))));
      for (let i = 0; i < n; i++) {
        const v = await s.read(`c/${i}`);
        equal(v.byteLength, 1000 + i, `c/${i} length`);
        ok(
          v.every((b) => b === i),
          `c/${i} holds another key's bytes`,
        );
      }
      equal((await s.list('c')).length, n, 'list c');
    },
  },
  {
    name: 'readers during an overwrite see the old value or the new one, never a part',
    run: async (make) => {
      const s = await make();
      const size = 4 * MB;
      await s.write('atomic', new Uint8Array(size).fill(1));
      const writes = Promise.all([2, 3, 4].map((v) => s.write('atomic', new Uint8Array(size).fill(v))));
      const reads: Promise<Uint8Array>[] = [];
      for (let i = 0; i < 6; i++) reads.push(s.read('atomic'));
      await writes;
      for (const v of await Promise.all(reads)) {
        equal(v.byteLength, size, 'length of a read during writes');
        const first = v[0];
        ok(first >= 1 && first <= 4, `unexpected byte ${first}`);
        ok(v[size >> 1] === first && v[size - 1] === first && v.every((b) => b === first), 'a read mixed two versions');
      }
      const last = await s.read('atomic');
      ok([2, 3, 4].includes(last[0]) && last.every((b) => b === last[0]), 'after the writes: one whole version');
    },
  },
  {
    name: 'does not keep a reference to the caller buffer',
    run: async (make) => {
      const s = await make();
      const buf = bytes(1, 2, 3);
      await s.write('copy', buf);
      buf[0] = 99;
      equal((await s.read('copy'))[0], 1, 'first byte after the caller changed its buffer');
      const big = new Uint8Array(64).fill(5);
      await s.write('view', big.subarray(8, 16));
      equal((await s.read('view')).byteLength, 8, 'a view writes only its own bytes');
    },
  },
  {
    name: 'writeTree (where the adapter has it) replaces a whole tree, or updates it, hiding its staging; openTree pins a generation',
    run: async (make) => {
      const s = await make();
      if (!s.writeTree) return; // optional capability: read-only adapters do not have it
      await s.write('other/keep', bytes(9));
      await s.writeTree(
        't',
        new Map<string, Uint8Array>([
          ['t/t.ferry', bytes(1)],
          ['t/a/a.ferry', bytes(2)],
          ['t/b/b.ferry', bytes(3)],
        ]),
      );
      sameList(await s.list(''), ['other/keep', 't/a/a.ferry', 't/b/b.ferry', 't/t.ferry'], 'after the first tree');
      await s.writeTree(
        't',
        new Map<string, Uint8Array>([
          ['t/t.ferry', bytes(4)],
          ['t/c/c.ferry', bytes(5)],
        ]),
      );
      sameList(await s.list(''), ['other/keep', 't/c/c.ferry', 't/t.ferry'], 'the second tree replaced the first');
      sameBytes(await s.read('t/t.ferry'), bytes(4), 'new root file');
      const before = await s.openTree?.('t');
      await s.writeTree('t', new Map<string, Uint8Array>([['t/d/d.ferry', bytes(6)]]), { mode: 'update' });
      sameList(await s.list('t'), ['t/c/c.ferry', 't/d/d.ferry', 't/t.ferry'], 'an update keeps the other files');
      sameBytes(await s.read('t/c/c.ferry'), bytes(5), 'a kept file after an update');
      const after = await s.openTree?.('t');
      if (before && after) {
        equal(before.state, 'complete', 'state of a published tree');
        equal(before.generation !== after.generation, true, 'a new generation after each writeTree');
        sameBytes(await after.storage.read('t/d/d.ferry'), bytes(6), 'read through the pinned view');
      }
      await rejectsWithCode(
        s.writeTree('t', new Map([['elsewhere/x', bytes(1)]])),
        INVALID_PATH,
        'a key outside the tree',
      );
      sameList(await s.list('t'), ['t/c/c.ferry', 't/d/d.ferry', 't/t.ferry'], 'a refused tree changes nothing');
    },
  },
  {
    name: 'two writers publishing trees and a reader pinned by openTree: the reader never sees two versions',
    run: async (make) => {
      const s = await make();
      if (!s.writeTree || !s.openTree) return; // optional capabilities
      const writeTree = s.writeTree.bind(s);
      const openTree = s.openTree.bind(s);
      const keys = ['t/t.ferry', 't/a/a.ferry', 't/b/b.ferry'];
      const version = (v: number) => new Map(keys.map((k) => [k, bytes(v)] as const));
      await writeTree('t', version(1));
      let writing = true;
      let loads = 0;
      let restarts = 0;
      const mixed: string[] = [];
      const writer = async (first: number): Promise<void> => {
        for (let v = first; v < first + 15; v++)
          await writeTree('t', version(v), { mode: v % 2 ? 'update' : 'replace' });
      };
      // The protocol of a load: pin, read every file, check the generation did not move, else start over.
      const reader = async (): Promise<void> => {
        while (writing || loads === 0) {
          // Yield to timers too: a writer waiting for the other's lock polls with setTimeout.
          await new Promise((resolve) => setTimeout(resolve, 0));
          const before = await openTree('t');
          if (before.state !== 'complete') continue;
          const seen = new Set<number>();
          let failed = false;
          for (const k of keys) {
            try {
              seen.add((await before.storage.read(k))[0]);
            } catch {
              failed = true;
            }
          }
          const after = await openTree('t');
          if (after.generation !== before.generation || after.state !== 'complete') {
            restarts++;
            continue;
          }
          ok(!failed, 'a file of a pinned, unchanged generation could not be read');
          loads++;
          if (seen.size !== 1) mixed.push([...seen].join(','));
        }
      };
      const reading = reader();
      await Promise.all([writer(10), writer(100)]);
      writing = false;
      await reading;
      equal(mixed.join(' '), '', `mixed loads (of ${loads}, ${restarts} restarts)`);
      ok(loads > 0, 'the reader completed loads');
      const last = (await s.read('t/t.ferry'))[0];
      ok(last === 24 || last === 114, `the last publisher won (${last})`);
      for (const k of keys) equal((await s.read(k))[0], last, `${k} of the winning version`);
    },
  },
  {
    name: 'stores a 64 MB value',
    large: true,
    run: async (make) => {
      const s = await make();
      const size = 64 * MB;
      await s.write('big/value', patterned(size, 7));
      checkPatterned(await s.read('big/value'), size, 7, 'read big/value');
      const half = patterned(size / 2, 9);
      await s.write('big/chunks', [half.subarray(0, 1000), half.subarray(1000)]);
      checkPatterned(await s.read('big/chunks'), size / 2, 9, 'read big/chunks');
    },
  },
];

/** Options of {@link runCases}. */
export interface RunCasesOptions {
  readonly skipLarge?: boolean;
}

/** The outcome of one case. */
export interface CaseResult {
  readonly name: string;
  readonly ok: boolean;
  readonly skipped?: boolean;
  readonly error?: string;
  readonly ms: number;
}

/** Runs every case against fresh adapters from `make`, collecting results (never throws). */
export async function runCases(make: AdapterFactory, options: RunCasesOptions = {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of storageCases) {
    if (c.large && options.skipLarge) {
      results.push({ name: c.name, ok: true, skipped: true, ms: 0 });
      continue;
    }
    const t0 = performance.now();
    try {
      await c.run(make);
      results.push({ name: c.name, ok: true, ms: performance.now() - t0 });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
      results.push({ name: c.name, ok: false, error: message, ms: performance.now() - t0 });
    }
  }
  return results;
}
