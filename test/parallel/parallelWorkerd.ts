/** The parallel job in workerd (no workers there): `GET /` runs it and answers its result as JSON. */
import { runParallelJob } from './parallelJob.ts';

export default {
  async fetch(): Promise<Response> {
    try {
      return Response.json(await runParallelJob());
    } catch (error) {
      return new Response(String((error as Error)?.stack ?? error), { status: 500 });
    }
  },
};
