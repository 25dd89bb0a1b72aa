// Types of scripts/selfhost/tls.mjs, for the TypeScript tests that use it.
export const SELF_SIGNED_NAMES: string[];
export function selfSignedPair(dir: string, days?: number): { key: string; cert: string };
