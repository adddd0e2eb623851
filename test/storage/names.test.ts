/**
 * Names: every step name that can be saved can be loaded, and every other name is refused with an
 * InvalidPathError before anything is written — too long (counting what staging adds), a trailing
 * separator, reserved. ENAMETOOLONG and ELOOP never surface raw. Writes do not follow a symlinked
 * folder out of the root unless `followSymlinks` is set.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ExecutionContext, FileSystemStorage, hasErrorCode, Identity, Pipeline, type SaveOptions } from 'ferryml';

const tmp = mkdtempSync(join(tmpdir(), 'ferry-names-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function freshRoot(): string {
  const root = join(tmp, `r${n++}`);
  mkdirSync(root);
  return root;
}

async function rejectsInvalidPath(p: Promise<unknown>, what: string): Promise<void> {
  const error = await p.then(
    () => assert.fail(`${what}: accepted`),
    (e: unknown) => e,
  );
  assert.ok(hasErrorCode(error, 'FERRY_INVALID_PATH'), `${what}: expected InvalidPathError, got ${String(error)}`);
}

function dumpNamed(name: string, child = 'child'): Pipeline {
  return new Pipeline([new Identity({ name: child })]).setName(name);
}

const MODES: [string, SaveOptions][] = [
  ['full', { fullDump: true }],
  ['default', {}],
  ['crashSafe: false', { fullDump: true, crashSafe: false }],
];

describe('step names', () => {
  for (const [label, options] of MODES) {
    it(`the longest names (200 bytes, ASCII and multi-byte) save and load (${label})`, async () => {
      for (const name of ['n'.repeat(200), '€'.repeat(66)]) {
        const root = freshRoot();
        await dumpNamed(name, name).save(new ExecutionContext(new FileSystemStorage(root)), options);
        const loaded = (await new ExecutionContext(new FileSystemStorage(root)).load(name)) as Pipeline;
        assert.equal(loaded.name, name);
        assert.equal(loaded.steps[0].name, name);
      }
    });
  }

  it('a 250-character name is refused before anything is written (it used to fail mid-save with ENAMETOOLONG)', async () => {
    const root = freshRoot();
    const ctx = new ExecutionContext(new FileSystemStorage(root));
    await rejectsInvalidPath(dumpNamed('x'.repeat(250)).save(ctx, { fullDump: true }), 'a 250-character pipeline');
    await rejectsInvalidPath(dumpNamed('p', 'y'.repeat(250)).save(ctx, { fullDump: true }), 'a 250-character child');
    assert.deepEqual(readdirSync(root), [], 'nothing written');
  });

  it('loading a 300-character name is an InvalidPathError, not a raw ENAMETOOLONG', async () => {
    await rejectsInvalidPath(new ExecutionContext(new FileSystemStorage(freshRoot())).load('z'.repeat(300)), 'load');
  });

  it('a trailing separator ("tr/"), a "/" inside, "." and reserved names are refused before anything is written', async () => {
    const root = freshRoot();
    const ctx = new ExecutionContext(new FileSystemStorage(root));
    for (const name of ['tr/', 'a/b', '.', '..', 'x.ferry-staging-1', '.ferry-generation']) {
      await rejectsInvalidPath(dumpNamed('p', name).save(ctx, { fullDump: true }), `child "${name}"`);
      await rejectsInvalidPath(dumpNamed(name).save(ctx), `pipeline "${name}"`);
    }
    assert.deepEqual(readdirSync(root), [], 'nothing written');
  });
});

describe('symbolic links', () => {
  it('a symlink cycle inside the root is an InvalidPathError on load and on read, not a raw ELOOP', async () => {
    const root = freshRoot();
    symlinkSync(join(root, 'loop'), join(root, 'loop'));
    const storage = new FileSystemStorage(root);
    await rejectsInvalidPath(new ExecutionContext(storage).load('loop'), 'load');
    await rejectsInvalidPath(storage.read('loop/loop.ferry'), 'read');
  });

  it('writes do not follow a symlinked folder out of the root by default', async () => {
    const root = freshRoot();
    const outside = freshRoot();
    symlinkSync(outside, join(root, 'out'));
    const storage = new FileSystemStorage(root);
    await rejectsInvalidPath(storage.write('out/x', new Uint8Array([1])), 'write');
    await rejectsInvalidPath(
      dumpNamed('p').save(new ExecutionContext(storage, ['out']), { fullDump: true }),
      'a save under the link',
    );
    await rejectsInvalidPath(dumpNamed('p').save(new ExecutionContext(storage, ['out'])), 'a default save');
    assert.deepEqual(readdirSync(outside), [], 'nothing written outside the root');
  });

  it('followSymlinks: true lets writes through the link', async () => {
    const root = freshRoot();
    const outside = freshRoot();
    symlinkSync(outside, join(root, 'out'));
    const storage = new FileSystemStorage(root, { followSymlinks: true });
    await storage.write('out/x', new Uint8Array([1]));
    await dumpNamed('p').save(new ExecutionContext(storage, ['out']), { fullDump: true });
    assert.ok(existsSync(join(outside, 'x')) && existsSync(join(outside, 'p', 'p.ferry')));
    assert.equal((await new ExecutionContext(storage, ['out']).load('p')).name, 'p');
  });
});
