/** workerd: `GET /?endpoint=<url>` answers the S3 conformance results as JSON. */
import { runS3Cases } from './cases.ts';

export default {
  async fetch(request: Request): Promise<Response> {
    const endpoint = new URL(request.url).searchParams.get('endpoint') ?? '';
    return Response.json(await runS3Cases(endpoint, 'workerd'));
  },
};
