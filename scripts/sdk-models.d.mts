// Types of scripts/sdk-models.mjs, for the TypeScript tests that use it.
export interface ModelField {
  req: boolean;
  type: string;
}
export type Model = { fields: Record<string, ModelField>; alias?: undefined } | { alias: string; fields?: undefined };
export const sdkRoot: string;
export const MODEL_FILES: Record<string, string>;
export function parseModels(text: string): Record<string, Model>;
export function loadModels(product: string): Record<string, Model>;
