/**
 * Lookups in objects keyed by data from the user's files or settings (namespace names, rule ids,
 * label keys). A plain object answers `constructor`, `toString` or `__proto__` from
 * `Object.prototype`: a Pod in namespace `constructor` would read a function as its namespace's Pod
 * Security settings and lose its level. Only own properties are values; new tables are made without
 * a prototype, so that a key `__proto__` is stored as data.
 */

/** `rec[key]` if `key` is an own property of `rec`, else undefined. */
export function lookup<T>(rec: Readonly<Record<string, T>> | undefined | null, key: string): T | undefined {
  return rec != null && Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/** An empty table for user-supplied keys: no prototype, so every key (even `__proto__`) is data. */
export function table<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
