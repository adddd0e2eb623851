# The tfjs graph model alone on tfjs's cpu backend (`POST /predict/graph`, graph-cpu-worker.js), for cold-start
# and throughput measurements. Run: workerd serve graph-cpu.capnp [--socket-addr http=127.0.0.1:8787]
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "graph", worker = .graphCpuWorker)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "graph")],
);

const graphCpuWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "graph-cpu-worker.js"),
    (name = "ferry.wasm", wasm = embed "ferry.wasm"),
    (name = "graph.ferrypack", data = embed "graph.ferrypack"),
  ],
  compatibilityDate = "2026-11-01",
);
