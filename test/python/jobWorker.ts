/**
 * workerd runner of the scikit-learn job: `POST /run` with `{name: ModelJob}` answers the JobResult. Bundled with
 * the edge build (dist/workerd: `ferry.wasm` is a compiled `WebAssembly.Module` import, nothing evaluated).
 */
import { type ModelJob, runModelJobs } from './sklearnJob.ts';

export default {
  async fetch(request: Request): Promise<Response> {
    try {
      const jobs = (await request.json()) as Record<string, ModelJob>;
      return new Response(JSON.stringify(await runModelJobs(jobs)), {
        headers: { 'content-type': 'application/json' },
      });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return new Response(JSON.stringify({ error: message }), { status: 500 });
    }
  },
};
