// Types of scripts/selfhost/config.mjs (the parts the tests use).
export const ASSETS_BINDING: string;
export function parseDotVars(text: string): Record<string, string>;
export function resolveVars(
  tomlVars: Record<string, unknown> | undefined,
  dotVars: Record<string, string> | undefined,
  env: Record<string, string | undefined>,
  explicit?: Record<string, unknown>,
): { vars: Record<string, unknown>; sources: Record<string, string> };
export function capnpString(s: string): string;
export function listAssets(dir: string | undefined): string[];
export function sqliteClasses(migrations?: { new_sqlite_classes?: string[]; renamed_classes?: { from: string; to: string }[] }[]): Set<string>;
