/**
 * createPredictHandler in Node with real Request objects: answers, every class of bad request (each a
 * 4xx JSON error naming what was wrong), oversized bodies declared or streamed, one model load shared by
 * concurrent requests, a failed load retried, step errors as 500 JSON, Server-Timing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BaseStep,
  InvalidInputError,
  LogisticRegression,
  type NDArray,
  OutputTransformerWrapper,
  Pipeline,
  Ravel,
} from 'ferryml';
import { createPredictHandler } from '../../src/edge/predictHandler.ts';

const URL_BASE = 'http://edge.test';

async function fittedPipeline(): Promise<Pipeline> {
  const p = new Pipeline([new OutputTransformerWrapper(new Ravel()), new LogisticRegression()]).setName('model');
  await p.fit([[0], [1], [2], [3]], [[0], [2], [4], [6]]);
  return p;
}

function postJson(body: string, path = '/predict', headers: Record<string, string> = {}): Request {
  return new Request(`${URL_BASE}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  assert.match(response.headers.get('content-type') ?? '', /application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: body.error.code, message: body.error.message };
}

/** A step whose transform always fails with a FerryError (what a model may throw on odd input). */
class FailingStep extends BaseStep {
  protected override transformStep(): never {
    throw new InvalidInputError('Step "FailingStep"', 'cannot predict this');
  }
}

describe('createPredictHandler', () => {
  it('answers {"predictions"} equal to the model’s own transform, with Server-Timing', async () => {
    const model = await fittedPipeline();
    const handler = createPredictHandler({ features: 1, load: async () => model });
    const inputs = [[-1], [0.5], [2.5], [7]];
    const first = await handler(postJson(JSON.stringify({ inputs })));
    assert.equal(first.status, 200);
    const expected = ((await model.transform(inputs)) as NDArray).toNested();
    assert.equal(await first.text(), JSON.stringify({ predictions: expected }));
    assert.match(first.headers.get('server-timing') ?? '', /^load;dur=\d+\.\d{3}, predict;dur=\d+\.\d{3}$/);
    const second = await handler(postJson(JSON.stringify({ inputs })));
    assert.match(second.headers.get('server-timing') ?? '', /^predict;dur=\d+\.\d{3}$/);
  });

  it('turns each kind of bad request into its 4xx JSON error', async () => {
    const handler = createPredictHandler({ features: 2, maxRows: 3, load: fittedPipeline });
    const cases: [Request, number, string, RegExp][] = [
      [postJson('{"inputs":[[1]]}'), 400, 'WRONG_SHAPE', /row 0 must be an array of 2 numbers/],
      [postJson('{"inputs":[[1,2],[3]]}'), 400, 'WRONG_SHAPE', /row 1/],
      [postJson('{"inputs":[1,2]}'), 400, 'WRONG_SHAPE', /row 0/],
      [postJson('{"inputs":[]}'), 400, 'WRONG_SHAPE', /non-empty array/],
      [postJson('{"rows":[[1,2]]}'), 400, 'WRONG_SHAPE', /"inputs"/],
      [postJson('null'), 400, 'WRONG_SHAPE', /"inputs"/],
      [postJson('{"inputs":[[1,"2"]]}'), 400, 'WRONG_DTYPE', /inputs\[0\]\[1\] .* got "2"/],
      [postJson('{"inputs":[[1,null]]}'), 400, 'WRONG_DTYPE', /got null/],
      [postJson('{"inputs":[[1,[2]]]}'), 400, 'WRONG_DTYPE', /got \[2\]/],
      [postJson('{"inputs":[[1,2],[1,2],[1,2],[1,2]]}'), 400, 'TOO_MANY_ROWS', /at most 3 rows/],
      [postJson('{"inputs":[[1,2]'), 400, 'INVALID_JSON', /not JSON/],
      [postJson('{"inputs":[[1,2]]}', '/other'), 404, 'NOT_FOUND', /\/predict/],
      [new Request(`${URL_BASE}/predict`), 405, 'METHOD_NOT_ALLOWED', /POST \/predict/],
    ];
    for (const [request, status, code, message] of cases) {
      const e = await errorOf(await handler(request));
      assert.deepEqual([e.status, e.code], [status, code], `${request.method} ${request.url}: ${e.message}`);
      assert.match(e.message, message);
    }
  });

  it('serves its path as URL normalizes it: a query or fragment after it, dot segments; not a longer or escaped path', async () => {
    const model = await fittedPipeline();
    const body = '{"inputs":[[1]]}';
    const served = async (handler: (r: Request) => Promise<Response>, url: string) =>
      (await handler(new Request(url, { method: 'POST', body }))).status;
    const handler = createPredictHandler({ features: 1, path: '/v1/predict', load: async () => model });
    for (const url of [
      `${URL_BASE}/v1/predict`,
      `${URL_BASE}/v1/predict?x=1`,
      `${URL_BASE}/v1/predict#f`,
      `${URL_BASE}:8080/v1/predict`,
      `${URL_BASE}/v1/./predict`,
      `${URL_BASE}/v2/../v1/predict`,
    ]) {
      assert.equal(await served(handler, url), 200, url);
    }
    for (const url of [
      `${URL_BASE}/v1/predict/`,
      `${URL_BASE}/v1/predictions`,
      `${URL_BASE}/v1/%70redict`,
      `${URL_BASE}//v1/predict`,
      `${URL_BASE}/`,
      URL_BASE,
    ]) {
      assert.equal(await served(handler, url), 404, url);
    }
    // A configured path that normalizes to another is compared normalized, as before.
    const dotted = createPredictHandler({ features: 1, path: '/a/../predict', load: async () => model });
    assert.equal(await served(dotted, `${URL_BASE}/a/../predict`), 404);
  });

  it('answers 413 to a body over the limit, declared or streamed, and still serves after it', async () => {
    const model = await fittedPipeline();
    const handler = createPredictHandler({ features: 1, maxBodyBytes: 1024, load: async () => model });
    const big = `{"inputs":[[1]],"pad":"${'x'.repeat(2000)}"}`;
    const declared = await errorOf(await handler(postJson(big)));
    assert.deepEqual([declared.status, declared.code], [413, 'BODY_TOO_LARGE']);
    assert.match(declared.message, /1024-byte limit/);
    // Streamed, without content-length: counted while reading.
    const bytes = new TextEncoder().encode(big);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes.length) controller.close();
        else {
          controller.enqueue(bytes.subarray(sent, sent + 100));
          sent += 100;
        }
      },
    });
    const request = new Request(`${URL_BASE}/predict`, { method: 'POST', body, duplex: 'half' } as RequestInit);
    assert.equal(request.headers.get('content-length'), null);
    const streamed = await errorOf(await handler(request));
    assert.deepEqual([streamed.status, streamed.code], [413, 'BODY_TOO_LARGE']);
    // A body exactly at the limit is accepted.
    const inputs = '{"inputs":[[1]]}';
    const atLimit = inputs + ' '.repeat(1024 - inputs.length);
    const ok = await handler(postJson(atLimit));
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.deepEqual(await ok.json(), { predictions: ((await model.transform([[1]])) as NDArray).toNested() });
  });

  it('loads the model once for concurrent requests, and retries a load that failed', async () => {
    const model = await fittedPipeline();
    let calls = 0;
    const handler = createPredictHandler({
      features: 1,
      load: async () => {
        calls++;
        if (calls === 1) throw new Error('storage unreachable');
        return model;
      },
    });
    const failed = await errorOf(await handler(postJson('{"inputs":[[1]]}')));
    assert.deepEqual([failed.status, failed.code, failed.message], [500, 'INTERNAL', 'storage unreachable']);
    const answers = await Promise.all(Array.from({ length: 8 }, () => handler(postJson('{"inputs":[[2]]}'))));
    assert.deepEqual(
      answers.map((a) => a.status),
      new Array(8).fill(200),
    );
    assert.equal(calls, 2);
  });

  it('answers 500 with the FerryError code when the model throws, and keeps serving', async () => {
    const handler = createPredictHandler({ features: 1, load: async () => new FailingStep() });
    for (let i = 0; i < 2; i++) {
      const e = await errorOf(await handler(postJson('{"inputs":[[1]]}')));
      assert.equal(e.status, 500);
      assert.equal(e.code, new InvalidInputError('x', 'y').code);
      assert.match(e.message, /cannot predict this/);
    }
  });
});
