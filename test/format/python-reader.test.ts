/**
 * The Python reader printed in docs/FORMAT.md (msgpack + numpy) reads a dump Ferry wrote: the doc's
 * code block is extracted and run as is, so the doc cannot drift from the format.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { ExecutionContext, LogisticRegression, NDArray, OutputTransformerWrapper, Pipeline, Ravel } from 'ferryml';

const tmp = mkdtempSync(join(tmpdir(), 'ferry-py-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const python = '/usr/bin/python3';
const probe = spawnSync(python, ['-c', 'import msgpack, numpy, xxhash'], { encoding: 'utf8' });
const available = probe.status === 0;
const reason =
  'python3 with msgpack, numpy and xxhash is not installed (apt-get install python3-msgpack python3-numpy python3-xxhash)';
if (!available && process.env.CI === 'true') throw new Error(`CI: ${reason}`);
if (!available) console.warn(`SKIPPING the Python reader test: ${reason}`);

it('the Python reader of docs/FORMAT.md reads a Ferry dump and computes the same scores', {
  skip: available ? false : reason,
}, async () => {
  const doc = readFileSync(new URL('../../docs/FORMAT.md', import.meta.url), 'utf8');
  const block = /```python\n([\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(block, 'docs/FORMAT.md has a python block');
  const X = [
    [0, 1],
    [1, 0.5],
    [2, -1],
    [3, 2],
    [4, 0],
    [5, 1.5],
  ];
  const y = [0, 0, 1, 1, 2, 2];
  const p = new Pipeline([new OutputTransformerWrapper(new Ravel()), new LogisticRegression()]).setName('model');
  await p.fit(X, y);
  await p.save(new ExecutionContext(tmp), { fullDump: true });
  const lr = p.getStep('LogisticRegression') as LogisticRegression;
  const ours = await lr.decisionFunction(X);

  const script = `${block}
import json, sys
p = read_step(sys.argv[1])
lr = next(s for s in p['steps'] if s['$class'] == 'ferry.LogisticRegression')
X = np.array(json.loads(sys.argv[2]), dtype='<f8')
scores = X @ lr['coef'].T + lr['intercept']
print(json.dumps({'scores': scores.tolist(), 'classes': lr['classes'], 'C': lr['hyperparams']['values']['C'],
                  'children': [s['$class'] for s in p['steps']], 'wrapped': p['steps'][0]['wrapped']['$class']}))
`;
  const file = join(tmp, 'reader.py');
  writeFileSync(file, script);
  const out = JSON.parse(execFileSync(python, [file, join(tmp, 'model'), JSON.stringify(X)], { encoding: 'utf8' }));
  assert.deepEqual(out.classes, [0, 1, 2]);
  assert.equal(out.C, 1);
  assert.deepEqual(out.children, ['ferry.OutputTransformerWrapper', 'ferry.LogisticRegression']);
  assert.equal(out.wrapped, 'ferry.Ravel');
  const scores = new NDArray('float64', [6, 3], Float64Array.from((out.scores as number[][]).flat()));
  for (let i = 0; i < scores.size; i++)
    assert.ok(Math.abs(Number(scores.data[i]) - Number(ours.data[i])) < 1e-12, `score ${i}`);
});
