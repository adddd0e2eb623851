# The MLP alone on tfjs's wasm backend (`POST /predict/mlp`, mlp-worker.js), for cold-start and
# throughput measurements. Run: workerd serve mlp.capnp [--socket-addr http=127.0.0.1:8787]
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "mlp", worker = .mlpWorker)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "mlp")],
);

const mlpWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "mlp-worker.js"),
    (name = "ferry.wasm", wasm = embed "ferry.wasm"),
    (name = "tfjs-backend-wasm-simd.wasm", wasm = embed "tfjs-backend-wasm-simd.wasm"),
    (name = "mlp.ferrypack", data = embed "mlp.ferrypack"),
  ],
  compatibilityDate = "2026-11-01",
);
