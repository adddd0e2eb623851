# The tfjs graph model alone on tfjs's wasm backend (`POST /predict/graph`, graph-worker.js), for cold-start
# and throughput measurements. Run: workerd serve graph.capnp [--socket-addr http=127.0.0.1:8787]
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "graph", worker = .graphWorker)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "graph")],
);

const graphWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "graph-worker.js"),
    (name = "ferry.wasm", wasm = embed "ferry.wasm"),
    (name = "tfjs-backend-wasm-simd.wasm", wasm = embed "tfjs-backend-wasm-simd.wasm"),
    (name = "graph.ferrypack", data = embed "graph.ferrypack"),
  ],
  compatibilityDate = "2026-11-01",
);
