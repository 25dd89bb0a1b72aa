// Looks a name that came from a request up in a table by the table's own keys only, so that
// `__proto__`, `constructor`, `toString` and the like are never found on Object.prototype.

/** ownValue reports table[key] if key is the table's own property, else undefined. */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
