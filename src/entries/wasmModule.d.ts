/** `import m from './ferry.wasm'`: edge runtimes and bundlers hand WASM imports over as compiled modules. */
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}

/** `import bytes from './ferry.wasm?bytes'`: the kernels' bytes, embedded by the build (scripts/build.mjs). */
declare module '*.wasm?bytes' {
  const bytes: Uint8Array;
  export default bytes;
}

/** `import bytes from './model.ferrypack'`: workerd `data` modules are ArrayBuffers. */
declare module '*.ferrypack' {
  const bytes: ArrayBuffer;
  export default bytes;
}
