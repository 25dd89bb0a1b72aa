// Types of scripts/sdk-models.mjs, for the TypeScript tests that use it.
export interface ModelField {
  req: boolean;
  type: string;
  /** The field's comment says Tencent may return null for it. */
  nullable: boolean;
}
export type Model = { fields: Record<string, ModelField>; alias?: undefined } | { alias: string; fields?: undefined };
export const sdkRoot: string;
export const MODEL_FILES: Record<string, string>;
export function parseModels(text: string): Record<string, Model>;
export function loadModels(product: string): Record<string, Model>;
