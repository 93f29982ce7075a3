/** One `<option>` per site, by name, for the selects that pick or filter by a site. */
export function SiteOptions({ sites }: { sites: readonly { id: string; name: string }[] }) {
  return (
    <>
      {sites.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </>
  );
}
