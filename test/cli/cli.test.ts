/**
 * The `ferry` command line: pack, inspect (text and JSON) and verify, run as a user would; help,
 * version, and usage errors that name what is wrong.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  ExecutionContext,
  FileSystemStorage,
  LogisticRegression,
  LogUniform,
  OutputTransformerWrapper,
  Pipeline,
  Ravel,
} from 'ferryml';
import { FERRY_VERSION } from '../../src/version.ts';
import { ensureBuilt, ROOT } from '../runtimes/build.ts';

const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ferry-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function ferry(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('ferry CLI', () => {
  before(async () => {
    const p = new Pipeline([
      new OutputTransformerWrapper(new Ravel()),
      new LogisticRegression({ space: { C: new LogUniform(0.01, 10) } }),
    ]).setName('model');
    await p.fit([[0], [1], [2], [3]], [[0], [2], [4], [6]]);
    await p.save(new ExecutionContext(new FileSystemStorage(join(tmp, 'dumps'))), { fullDump: true });
    const scaler = new LogisticRegression({ name: 'second' });
    await scaler.fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
    await scaler.save(new ExecutionContext(new FileSystemStorage(join(tmp, 'dumps'))), { fullDump: true });
  });

  it('inspect prints the step tree with classes, hyperparameters, space and tensors', () => {
    const r = ferry('inspect', join(tmp, 'dumps', 'model'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^model {2}ferry\.Pipeline/);
    assert.match(r.out, /Ravel {2}ferry\.Ravel/);
    assert.match(r.out, /hyperparams: C=1, fitIntercept=true/);
    assert.match(r.out, /space: C ~ LogUniform\(minIncluded=0\.01, maxIncluded=10\)/);
    assert.match(r.out, /tensor coef: float64 \[4, 1\] 32 B/);
  });

  it('inspect --json gives the same tree as data', () => {
    const r = ferry('inspect', join(tmp, 'dumps', 'model', 'model.ferry'), '--json');
    assert.equal(r.code, 0, r.err);
    const info = JSON.parse(r.out);
    assert.equal(info.class, 'ferry.Pipeline');
    const lr = info.children.find((c: { class: string }) => c.class === 'ferry.LogisticRegression');
    assert.deepEqual(lr.tensors[0], { path: 'coef', dtype: 'float64', shape: [4, 1], bytes: 32 });
    assert.equal(lr.hyperparams.penalty, 'l2');
  });

  it('pack writes one file that inspect and verify read', () => {
    const out = join(tmp, 'model.ferrypack');
    const r = ferry('pack', join(tmp, 'dumps', 'model'), '-o', out);
    assert.equal(r.code, 0, r.err);
    assert.match(ferry('inspect', out).out, /LogisticRegression {2}ferry\.LogisticRegression/);
    const v = ferry('verify', out);
    assert.equal(v.code, 0, v.out);
    assert.match(v.out, /OK: pack .*, 4 files, 0 error\(s\)/);
  });

  it('verify names the file and byte of a corruption and exits 1', () => {
    cpSync(join(tmp, 'dumps', 'model'), join(tmp, 'corrupt', 'model'), { recursive: true });
    const file = join(tmp, 'corrupt', 'model', 'LogisticRegression', 'LogisticRegression.ferry');
    const bytes = readFileSync(file);
    bytes[bytes.length - 3] ^= 1;
    writeFileSync(file, bytes);
    const v = ferry('verify', join(tmp, 'corrupt', 'model'));
    assert.equal(v.code, 1);
    assert.match(v.out, /error: model\/LogisticRegression\/LogisticRegression\.ferry @ byte \d+: .*checksum mismatch/);
    assert.match(v.out, /CORRUPT/);
  });

  it('the built CLI (dist/cli.js, the package "bin") finds ferry.wasm and works', async () => {
    await ensureBuilt();
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'dist', 'cli.js'), 'inspect', join(tmp, 'model.ferrypack'), '--json'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).class, 'ferry.Pipeline');
  });

  it('usage errors exit 2; a missing path is a clear error', () => {
    assert.equal(ferry().code, 2);
    const r = ferry('inspect', join(tmp, 'nope'));
    assert.equal(r.code, 1);
    assert.match(r.err, /No such file or folder/);
  });

  it('--help, -h and help print the usage and exit 0', () => {
    for (const args of [['--help'], ['-h'], ['help'], ['inspect', '--help'], ['pack', '-h']]) {
      const r = ferry(...args);
      assert.equal(r.code, 0, `ferry ${args.join(' ')}: ${r.err}`);
      assert.match(r.out, /^usage: ferry <command> <dump>/, args.join(' '));
    }
  });

  it('--version and -v print the version of ferryml', () => {
    for (const flag of ['--version', '-v']) {
      const r = ferry(flag);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out.trim(), FERRY_VERSION);
    }
  });

  it('an unknown command or flag is named, with exit 2', () => {
    const c = ferry('frobnicate', 'x');
    assert.equal(c.code, 2);
    assert.match(c.err, /unknown command 'frobnicate'/);
    const f = ferry('inspect', join(tmp, 'dumps', 'model'), '--jsno');
    assert.equal(f.code, 2);
    assert.match(f.err, /inspect: Unknown option '--jsno'/);
    const v = ferry('verify', join(tmp, 'dumps', 'model'), '--json');
    assert.equal(v.code, 2);
    assert.match(v.err, /verify: Unknown option '--json'/);
    const o = ferry('pack', join(tmp, 'dumps', 'model'));
    assert.equal(o.code, 2);
    assert.match(o.err, /pack: missing -o <file\.ferrypack>/);
  });

  it('pack takes one <dump> like inspect; the old <dir> <name> shape is a usage error with the fix', () => {
    const r = ferry('pack', join(tmp, 'dumps'), 'model', '-o', join(tmp, 'x.ferrypack'));
    assert.equal(r.code, 2);
    assert.ok(r.err.includes(`did you mean \`ferry pack ${join(tmp, 'dumps', 'model')} -o`), r.err);
    const root = ferry('pack', join(tmp, 'dumps'), '-o', join(tmp, 'x.ferrypack'));
    assert.equal(root.code, 2);
    assert.match(root.err, /storage root with 2 dumps; pass one: .*dumps\/model, .*dumps\/second/);
  });

  it('inspect and verify given a storage root list every dump in it', () => {
    const i = ferry('inspect', join(tmp, 'dumps'));
    assert.equal(i.code, 0, i.err);
    assert.match(i.out, /2 dump\(s\): .*dumps\/model, .*dumps\/second/);
    assert.match(i.out, /model {2}ferry\.Pipeline/);
    assert.match(i.out, /second {2}ferry\.LogisticRegression/);
    const j = JSON.parse(ferry('inspect', join(tmp, 'dumps'), '--json').out) as { path: string }[];
    assert.deepEqual(
      j.map((d) => d.path),
      [join(tmp, 'dumps', 'model'), join(tmp, 'dumps', 'second')],
    );
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    const e = ferry('inspect', empty);
    assert.equal(e.code, 1);
    assert.match(e.err, /holds no dump: expected .*empty\/<name>\.ferry/);
  });
});
