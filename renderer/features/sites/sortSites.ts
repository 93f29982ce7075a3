/** The main hall first, then the bridges by name, as the secretariat reads the list. */
export function sortSites<T extends { kind: string; name: string }>(sites: readonly T[]): T[] {
  return [...sites].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, 'vi') : a.kind === 'main' ? -1 : 1));
}
