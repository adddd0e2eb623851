import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { FileSystemStorage } from 'ferryml';
import { runStorageConformance } from '../conformance/storageConformance.ts';

const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
function freshRoot(): string {
  const r = mkdtempSync(join(tmpdir(), 'ferry-fs-'));
  roots.push(r);
  return r;
}

runStorageConformance('FileSystemStorage', async () => new FileSystemStorage(freshRoot()));

it('FileSystemStorage leaves no temporary file behind and never exposes one in list()', async () => {
  const root = freshRoot();
  const s = new FileSystemStorage(root);
  await s.write('a/b.ferry', new Uint8Array(10));
  assert.deepEqual(readdirSync(join(root, 'a')), ['b.ferry']);
});

it('FileSystemStorage keeps the old file when a write fails midway', async () => {
  const root = freshRoot();
  const s = new FileSystemStorage(root);
  await s.write('k', new Uint8Array([1, 2, 3]));
  // A chunk list that fails while being written (a chunk that is not a buffer) must not replace the file.
  const bad = { byteLength: 5 } as unknown as Uint8Array;
  await assert.rejects(s.write('k', [new Uint8Array([7]), bad, new Uint8Array([9])]));
  assert.deepEqual(await s.read('k'), new Uint8Array([1, 2, 3]));
  assert.deepEqual(readdirSync(root), ['k']);
});
