// The baseline worker of the edge benchmarks: answers every request with a constant JSON body.
const BODY = '{"predictions":[0]}';

export default {
  fetch() {
    return new Response(BODY, { headers: { 'content-type': 'application/json' } });
  },
};
