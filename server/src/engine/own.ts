/**
 * Lookups in objects keyed by data from the user's files or settings (namespace names, rule ids,
 * label keys). A plain object answers `constructor`, `toString` or `__proto__` from
 * `Object.prototype`: a Pod in namespace `constructor` would read a function as its namespace's Pod
 * Security settings and lose its level. Only own properties are values, and keys are stored with
 * `put`, so that `__proto__` is data too (an assignment would set the object's prototype instead).
 */

/** `rec[key]` if `key` is an own property of `rec`, else undefined. */
export function lookup<T>(rec: Readonly<Record<string, T>> | undefined | null, key: string): T | undefined {
  return rec != null && Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/** `rec[key] = value` as an own data property, for any key (`__proto__` included). */
export function put<T>(rec: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true });
}
