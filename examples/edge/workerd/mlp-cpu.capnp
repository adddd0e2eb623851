# The MLP alone on tfjs's cpu backend (`POST /predict/mlp`, mlp-cpu-worker.js), the comparison for
# mlp.capnp (wasm). Run: workerd serve mlp-cpu.capnp [--socket-addr http=127.0.0.1:8787]
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "mlp", worker = .mlpCpuWorker)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "mlp")],
);

const mlpCpuWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "mlp-cpu-worker.js"),
    (name = "ferry.wasm", wasm = embed "ferry.wasm"),
    (name = "mlp.ferrypack", data = embed "mlp.ferrypack"),
  ],
  compatibilityDate = "2026-11-01",
);
