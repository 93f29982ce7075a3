/**
 * `a` and `b` hold the same (===) values under each of `keys`: what a memoised row compares
 * when every event brings fresh objects and identity says nothing. A list of the fields
 * the row shows, rather than a chain of `a.x === b.x`, so a field added to the row is
 * added in one place.
 */
export function sameFields<T>(a: T, b: T, keys: readonly (keyof T)[]): boolean {
  return a === b || keys.every((k) => a[k] === b[k]);
}
