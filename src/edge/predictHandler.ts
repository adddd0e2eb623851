import { isFerryError } from '../errors/index.ts';
import { isNDArray, NDArray } from '../ndarray/NDArray.ts';
import type { BaseStep } from '../step/BaseStep.ts';

/** Options of {@link createPredictHandler}. */
export interface PredictHandlerOptions {
  /** Loads the model once (e.g. `() => new ExecutionContext(new PackStorage(bytes)).load('model')`). */
  readonly load: () => Promise<BaseStep>;
  /** Features per input row the model expects (requests with another width are 400s). */
  readonly features: number;
  /** Largest request body accepted, in bytes (default 1 MiB); larger ones are 413s. */
  readonly maxBodyBytes?: number;
  /** Most rows per request (default 10,000). */
  readonly maxRows?: number;
  /** URL path answered (default `/predict`). */
  readonly path?: string;
}

/** A JSON error answer: `{error: {code, message}}`. */
function problem(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * A `fetch`-style handler for edge functions (workerd, Deno, Bun, service workers): `POST /predict`
 * with `{"inputs": [[...], ...]}` answers `{"predictions": [...]}`; the model's `transform` receives the rows as one
 * float64 NDArray `[rows, features]`, built while the rows are checked. Bad requests (wrong method, not
 * JSON, wrong shape or dtype, too many rows, a body over the limit) are 4xx answers with a JSON error;
 * the handler never throws, and keeps serving after them. The model is loaded on the first request
 * (again on the next one if that load failed). Answers carry a `Server-Timing` header: `predict;dur=`
 * (ms), and `load;dur=` on the request that loaded the model, i.e. the model's cold-start time measured
 * inside the runtime (workerd's clock has 1 ms resolution and stands still at module top level).
 */
export function createPredictHandler(options: PredictHandlerOptions): (request: Request) => Promise<Response> {
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const maxRows = options.maxRows ?? 10_000;
  const path = options.path ?? '/predict';
  const drain = Math.max(maxBody, DRAIN_BYTES);
  const served = servedPath(path);
  let model: Promise<BaseStep> | undefined;
  return async (request) => {
    try {
      if (!served(request.url)) return problem(404, 'NOT_FOUND', `only ${path} is served`);
      if (request.method !== 'POST') return problem(405, 'METHOD_NOT_ALLOWED', `use POST ${path}`);
      const lengthHeader = request.headers.get('content-length');
      const declared = Number(lengthHeader ?? '0');
      if (declared > maxBody) {
        await readLimited(request, 0, drain);
        return problem(413, 'BODY_TOO_LARGE', `body of ${declared} bytes exceeds the ${maxBody}-byte limit`);
      }
      // A declared length within the limit bounds the body already (the runtime reads exactly that many bytes).
      const body =
        lengthHeader !== null && declared <= maxBody
          ? await request.text()
          : await readLimited(request, maxBody, drain);
      if (body === undefined) return problem(413, 'BODY_TOO_LARGE', `body exceeds the ${maxBody}-byte limit`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return problem(400, 'INVALID_JSON', 'the body is not JSON');
      }
      const inputs = (parsed as { inputs?: unknown } | null)?.inputs;
      const checked = checkInputs(inputs, options.features, maxRows);
      if (!(checked instanceof NDArray)) return problem(400, checked.code, checked.message);
      // workerd's clock is a call into the runtime (~3.5 µs): read only as often as Server-Timing needs.
      const loading = model === undefined;
      const t0 = loading ? performance.now() : 0;
      if (model === undefined) {
        const p = options.load();
        model = p;
        // A failed load is retried by the next request rather than failing every later one.
        p.catch(() => {
          if (model === p) model = undefined;
        });
      }
      const step = await model;
      const t1 = performance.now();
      const out = await step.transform(checked);
      const predictions = isNDArray(out) ? (out as NDArray).toNested() : out;
      const timing = `${loading ? `load;dur=${(t1 - t0).toFixed(3)}, ` : ''}predict;dur=${(performance.now() - t1).toFixed(3)}`;
      return new Response(JSON.stringify({ predictions }), {
        headers: { 'content-type': 'application/json', 'server-timing': timing },
      });
    } catch (error) {
      if (isFerryError(error)) return problem(500, error.code, error.message);
      return problem(500, 'INTERNAL', error instanceof Error ? error.message : String(error));
    }
  };
}

/**
 * Whether a request URL's path is `path`. A URL whose raw path is exactly `path` (the common case) is answered without
 * parsing it; any other is compared as `new URL` normalizes it (dot segments, escapes), as a path that normalizes to
 * itself must be. A `path` that does not normalize to itself is always compared normalized.
 */
function servedPath(path: string): (url: string) => boolean {
  const plain = new URL(path, 'http://x').pathname === path;
  return (url) => {
    if (plain) {
      const start = url.indexOf('/', url.indexOf('//') + 2);
      if (start >= 0 && url.startsWith(path, start)) {
        const next = url.charCodeAt(start + path.length);
        if (Number.isNaN(next) || next === 63 /* ? */ || next === 35 /* # */) return true;
      }
    }
    return new URL(url).pathname === path;
  };
}

/**
 * Bytes of an oversized body read and discarded before answering 413: a server that answers and
 * closes while the client is still sending makes the client fail to write (EPIPE) and never see the
 * answer (workerd does close such connections), so the rest of a moderately oversized body is drained.
 */
const DRAIN_BYTES = 1024 * 1024;

/**
 * Reads at most `limit` bytes of the body as text; undefined when it is longer, after discarding up to
 * `drain` more bytes (the reader is cancelled past that).
 */
async function readLimited(request: Request, limit: number, drain: number): Promise<string | undefined> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit + drain) {
      await reader.cancel();
      return undefined;
    }
    if (total <= limit) chunks.push(value);
  }
  if (total > limit) return undefined;
  const all = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    all.set(c, o);
    o += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** The rows as a float64 NDArray `[rows, features]`, built while checking them; else what is wrong with them. */
function checkInputs(inputs: unknown, features: number, maxRows: number): NDArray | { code: string; message: string } {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    return { code: 'WRONG_SHAPE', message: `"inputs" must be a non-empty array of rows of ${features} numbers` };
  }
  if (inputs.length > maxRows) return { code: 'TOO_MANY_ROWS', message: `at most ${maxRows} rows per request` };
  const data = new Float64Array(inputs.length * features);
  for (let i = 0; i < inputs.length; i++) {
    const row = inputs[i];
    if (!Array.isArray(row) || row.length !== features) {
      return { code: 'WRONG_SHAPE', message: `row ${i} must be an array of ${features} numbers` };
    }
    for (let j = 0; j < row.length; j++) {
      if (typeof row[j] !== 'number' || !Number.isFinite(row[j])) {
        return {
          code: 'WRONG_DTYPE',
          message: `inputs[${i}][${j}] must be a finite number, got ${JSON.stringify(row[j])}`,
        };
      }
      data[i * features + j] = row[j];
    }
  }
  return new NDArray('float64', [inputs.length, features], data);
}
