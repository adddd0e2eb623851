# The seed pipeline alone (`POST /predict`), for cold-start measurements: only seed-worker.js,
# ferry.wasm and seed.ferrypack are read. Run: workerd serve seed.capnp [--socket-addr http=127.0.0.1:8787]
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "seed", worker = .seedWorker)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "seed")],
);

const seedWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "seed-worker.js"),
    (name = "ferry.wasm", wasm = embed "ferry.wasm"),
    (name = "seed.ferrypack", data = embed "seed.ferrypack"),
  ],
  compatibilityDate = "2026-11-01",
);
