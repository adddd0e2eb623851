# The baseline of the edge benchmarks: workerd with one worker returning a constant (emptyWorker.js).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "empty", worker = .emptyWorker)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "empty")],
);

const emptyWorker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "emptyWorker.js")],
  compatibilityDate = "2026-11-01",
);
