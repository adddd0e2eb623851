/**
 * Runs `f` with the global `process` hidden, then puts it back exactly as it was.
 *
 * Emscripten glue decides once, when its factory starts, whether it runs in Node: `process.versions.node`
 * is a string. Runtimes other than Node now define that too: workerd with `nodejs_compat`, which every
 * compatibility date from 2026-08-04 turns on, Deno 2 and Bun. The glue then takes its Node branch, which
 * needs CommonJS's `require` and `__dirname`. Inside an ES module bundle those do not exist, so the factory
 * throws `__dirname is not defined`. The wasm backend is created from a compiled module through the
 * `instantiateWasm` hook, which reads no file, so the non-Node branch serves every runtime. Hiding `process`
 * while the factory starts selects that branch everywhere, Node included. It also keeps the glue from
 * installing its Node-only `uncaughtException` and `unhandledRejection` handlers.
 *
 * `f` must be synchronous: nothing else runs while `process` is hidden. Where `process` is not an own,
 * configurable property of the global object, `f` runs as it is.
 */
export function withoutNodeProcess<T>(f: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'process');
  if (!descriptor?.configurable) return f();
  Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true });
  try {
    return f();
  } finally {
    Object.defineProperty(globalThis, 'process', descriptor);
  }
}
