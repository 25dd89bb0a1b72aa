// Module shapes for the bundle's non-TypeScript imports (esbuild's binary and JSON loaders).
declare module "*.wasm" {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
