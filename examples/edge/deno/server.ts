/**
 * The edge example on Deno: `Deno.serve` answering `POST /predict` (the seed pipeline) and
 * `POST /predict/mlp` (the MLP, when its pack is given) from `.ferrypack` files, with the same
 * handler as the workerd worker. It imports ferryml from the BUILT package (import_map.json →
 * dist/deno). Run from the repository root, without `--config`, so that Deno takes
 * `@tensorflow/tfjs` from node_modules:
 *   deno run --import-map examples/edge/deno/import_map.json --allow-read --allow-net=127.0.0.1 \
 *     examples/edge/deno/server.ts --seed seed.ferrypack [--mlp mlp.ferrypack] [--port 8000]
 * Prints `{"port": N}` once listening (`--port 0` picks a free port).
 */
import { type BaseStep, createPredictHandler, ExecutionContext, PackStorage } from 'ferryml';
// Registers IdentityWithQueue and its saver, so that the seed dump loads.
import '../../seed/IdentityWithQueue.ts';

declare const Deno: {
  args: string[];
  readFile(path: string): Promise<Uint8Array>;
  serve(
    options: { hostname: string; port: number; onListen(addr: { port: number }): void },
    handler: (request: Request) => Promise<Response>,
  ): { finished: Promise<void> };
};

/** `--name value` from the command line. */
function option(name: string): string | undefined {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

/** Loads the dump held by the pack file at `path`. */
async function loadPack(path: string): Promise<BaseStep> {
  const storage = new PackStorage(await Deno.readFile(path), path);
  return new ExecutionContext(storage).load(await storage.root());
}

const seedPath = option('seed');
if (!seedPath) throw new Error('usage: server.ts --seed <seed.ferrypack> [--mlp <mlp.ferrypack>] [--port N]');
const mlpPath = option('mlp');

const seed = createPredictHandler({ features: 1, maxBodyBytes: 64 * 1024, load: () => loadPack(seedPath) });
const mlp = mlpPath
  ? createPredictHandler({
      features: 100,
      maxBodyBytes: 256 * 1024,
      maxRows: 256,
      path: '/predict/mlp',
      load: async () => {
        // tfjs is loaded with the first MLP request; cpu, like Node's reference (bit-identical answers).
        const tf = await import('@tensorflow/tfjs');
        await import('ferryml/tfjs');
        tf.env().set('PROD', true);
        await tf.setBackend('cpu');
        return loadPack(mlpPath);
      },
    })
  : undefined;

Deno.serve(
  {
    hostname: '127.0.0.1',
    port: Number(option('port') ?? 8000),
    onListen: ({ port }) => console.log(JSON.stringify({ port })),
  },
  (request) => (mlp && new URL(request.url).pathname === '/predict/mlp' ? mlp(request) : seed(request)),
);
