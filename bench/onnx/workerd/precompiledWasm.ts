/**
 * Lets a library that compiles its WebAssembly from bytes run where only precompiled modules may be instantiated
 * (workerd, Cloudflare Workers): `WebAssembly.instantiate(bytes, imports)` instantiates `module` instead and
 * answers `{ instance, module }` as the bytes overload does. Calls given a `WebAssembly.Module` are unchanged.
 * Only for an isolate that instantiates exactly one module from bytes (here: onnxruntime-web's).
 */
export function usePrecompiledWasm(module: WebAssembly.Module): void {
  const instantiate = WebAssembly.instantiate.bind(WebAssembly) as (
    m: WebAssembly.Module,
    imports?: WebAssembly.Imports,
  ) => Promise<WebAssembly.Instance>;
  const redirected = async (source: unknown, imports?: WebAssembly.Imports) => {
    if (source instanceof WebAssembly.Module) return instantiate(source, imports);
    return { instance: await instantiate(module, imports), module };
  };
  WebAssembly.instantiate = redirected as typeof WebAssembly.instantiate;
}
