/**
 * The Neuraxle seed notebook end to end: fit, full dump, the dump tree, load in a fresh process that
 * imports only ferryml and IdentityWithQueue's module, predict with the LOADED pipeline.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  ExecutionContext,
  FileSystemStorage,
  type LogisticRegression,
  type NDArray,
  type Pipeline,
  UnserializableFieldError,
} from 'ferryml';
import { IdentityWithQueue, Queue } from '../examples/seed/IdentityWithQueue.ts';
import { buildSeedPipeline, PIPELINE_NAME } from '../examples/seed/seedPipeline.ts';

const tmp = mkdtempSync(join(tmpdir(), 'ferry-seed-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const X = [[0], [1], [2], [3]];
const Y = [[0], [2], [4], [6]];
const loader = fileURLToPath(new URL('../examples/seed/load-and-predict.ts', import.meta.url));

describe('the Neuraxle seed scenario', () => {
  it('fits, full-dumps, loads without source in a fresh process, and predicts identically', async () => {
    const cache = join(tmp, 'cache_folder');
    const pipeline = buildSeedPipeline(PIPELINE_NAME, { cacheFolder: cache });
    const fitOut = (await pipeline.fitTransform(X, Y)) as NDArray;
    // Four shuffled rows predicted back to their own labels: a permutation of [0, 2, 4, 6].
    assert.deepEqual(
      [...(fitOut.toNested() as number[])].sort((a, b) => a - b),
      [0, 2, 4, 6],
    );

    await pipeline.save(new ExecutionContext(cache), { fullDump: true });
    const keys = await new FileSystemStorage(cache).list('');
    assert.deepEqual(keys, [
      'saved_pipeline_name/IdentityWithQueue/IdentityWithQueue.ferry',
      'saved_pipeline_name/LogisticRegression/LogisticRegression.ferry',
      'saved_pipeline_name/OutputTransformerWrapper/OutputTransformerWrapper.ferry',
      'saved_pipeline_name/OutputTransformerWrapper/Ravel/Ravel.ferry',
      'saved_pipeline_name/TrainOnlyWrapper/DataShuffler/DataShuffler.ferry',
      'saved_pipeline_name/TrainOnlyWrapper/TrainOnlyWrapper.ferry',
      'saved_pipeline_name/saved_pipeline_name.ferry',
    ]);

    // The loader never imports this file nor the example that builds the pipeline.
    const loaderSource = readFileSync(loader, 'utf8');
    assert.doesNotMatch(loaderSource, /seed-pipeline|seed\.test/);
    const stdout = execFileSync(
      process.execPath,
      ['--import', 'tsx', loader, cache, 'saved_pipeline_name', JSON.stringify(X)],
      {
        encoding: 'utf8',
      },
    );
    const loaded = JSON.parse(stdout) as { class: string; outputs: number[] };
    assert.equal(loaded.class, 'Pipeline');
    assert.deepEqual(loaded.outputs, [0, 2, 4, 6]);

    const original = ((await pipeline.transform(X)) as NDArray).toNested();
    assert.deepEqual(loaded.outputs, original);
  });

  it('the loaded pipeline in this process equals the original, with a fresh queue', async () => {
    const cache = join(tmp, 'in-process');
    const pipeline = buildSeedPipeline(PIPELINE_NAME, { cacheFolder: cache });
    await pipeline.fit(X, Y);
    await pipeline.save(undefined, { fullDump: true });
    const loaded = (await new ExecutionContext(cache).load('saved_pipeline_name')) as Pipeline;
    const step = loaded.getStep('IdentityWithQueue') as IdentityWithQueue;
    assert.ok(step.queue instanceof Queue);
    const lr = loaded.getStep('LogisticRegression') as LogisticRegression;
    const lr0 = pipeline.getStep('LogisticRegression') as LogisticRegression;
    assert.deepEqual(lr.coef?.data, lr0.coef?.data);
    assert.deepEqual(lr.classes, [0, 2, 4, 6]);
    assert.deepEqual(lr.coef?.shape, [4, 1]);
    assert.deepEqual(
      ((await loaded.transform(X)) as NDArray).toNested(),
      ((await pipeline.transform(X)) as NDArray).toNested(),
    );
    assert.deepEqual(loaded.getHyperparamsSpace().toFlat(), pipeline.getHyperparamsSpace().toFlat());
  });

  it('without its saver, the queue is an UnserializableFieldError naming the step and field', async () => {
    const step = new IdentityWithQueue();
    step.savers = [];
    await step.setup();
    await assert.rejects(step.save(new ExecutionContext(join(tmp, 'nosaver')), { fullDump: true }), (e: unknown) => {
      assert.ok(e instanceof UnserializableFieldError);
      assert.equal(e.stepName, 'IdentityWithQueue');
      assert.equal(e.fieldPath, 'queue');
      return true;
    });
  });

  it('the demo script runs as written', () => {
    const demo = fileURLToPath(new URL('../examples/seed-pipeline.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--import', 'tsx', demo, join(tmp, 'demo')], { encoding: 'utf8' });
    assert.match(out, /saved pipeline !/);
    assert.match(out, /outputs \(loaded pipeline\): \[0,2,4,6\]/);
    assert.match(out, /outputs \(original pipeline\): \[0,2,4,6\]/);
    assert.match(out, /saved_pipeline_name\/TrainOnlyWrapper\/DataShuffler\/DataShuffler\.ferry/);
  });
});
