# workerd configuration of the edge example: `POST /predict` (the seed pipeline) and
# `POST /predict/mlp` (the MLP on tfjs's wasm backend, forwarded to its own isolate through a service
# binding). Every file is embedded from this folder after `bundle.ts` has built it (see README.md):
#   seed-worker.js, mlp-worker.js (the bundled workers), ferry.wasm, tfjs-backend-wasm-simd.wasm,
#   seed.ferrypack, mlp.ferrypack.
# Run: workerd serve config.capnp config [--socket-addr http=127.0.0.1:8787]
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "seed", worker = .seedWorker),
    (name = "mlp", worker = .mlpWorker),
  ],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "seed")],
);

const seedWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "seed-worker.js"),
    # Kernels as a compiled WebAssembly.Module: `import ferryWasm from './ferry.wasm'`.
    (name = "ferry.wasm", wasm = embed "ferry.wasm"),
    # The pack as an ArrayBuffer: `import seedPack from './seed.ferrypack'`.
    (name = "seed.ferrypack", data = embed "seed.ferrypack"),
  ],
  bindings = [(name = "MLP", service = "mlp")],
  compatibilityDate = "2026-11-01",
);

const mlpWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "mlp-worker.js"),
    (name = "ferry.wasm", wasm = embed "ferry.wasm"),
    # tfjs's wasm backend, compiled when the worker loads: `import tfjsWasm from './tfjs-backend-wasm-simd.wasm'`.
    (name = "tfjs-backend-wasm-simd.wasm", wasm = embed "tfjs-backend-wasm-simd.wasm"),
    (name = "mlp.ferrypack", data = embed "mlp.ferrypack"),
  ],
  compatibilityDate = "2026-11-01",
);
