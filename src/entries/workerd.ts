/**
 * The edge entry of ferryml (the `workerd` export condition: Cloudflare Workers and workerd). Edge
 * runtimes forbid compiling WASM from bytes at run time, so the kernels come in as a
 * `WebAssembly.Module` import of `ferry.wasm`, which the worker's configuration or bundler supplies
 * next to this module; nothing is evaluated at run time and nothing imports `node:*`. Storage is explicit
 * (`PackStorage` over a bundled pack, `MemoryStorage`, or HTTP).
 */

import { setDefaultKernelSource } from '../kernels/loadKernels.ts';
import ferryWasm from './ferry.wasm';

setDefaultKernelSource(async () => ferryWasm);

export * from '../index.ts';
