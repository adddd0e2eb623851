/** `import bytes from './model.onnx'`: workerd `data` modules are ArrayBuffers. */
declare module '*.onnx' {
  const bytes: ArrayBuffer;
  export default bytes;
}
