/**
 * A workerd configuration for what `wrangler deploy --dry-run --outdir <dir>` wrote: its main module
 * (`worker.js`) and every module beside it, typed as wrangler uploads them (`.wasm` a compiled module,
 * `.js` an ES module, anything else a Data module).
 */
import { readdirSync } from 'node:fs';

/** The capnp text serving `outdir`'s worker on the socket `http`. */
export function wranglerOutputConfig(outdir: string): string {
  const modules = readdirSync(outdir)
    .filter((f) => !f.endsWith('.map') && !f.endsWith('.md') && !f.endsWith('.capnp'))
    .sort((a, b) => (a === 'worker.js' ? -1 : b === 'worker.js' ? 1 : a.localeCompare(b)))
    .map((f) => {
      const kind = f.endsWith('.wasm') ? 'wasm' : f.endsWith('.js') || f.endsWith('.mjs') ? 'esModule' : 'data';
      return `    (name = "${f}", ${kind} = embed "${f}"),`;
    });
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
${modules.join('\n')}
  ],
  compatibilityDate = "2026-11-01",
);
`;
}
