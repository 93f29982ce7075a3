/** A select's options from a list of codes, each shown in words (`label`). */
export function Options<T extends string>({ values, label }: { values: readonly T[]; label(value: T): string }) {
  return (
    <>
      {values.map((v) => (
        <option key={v} value={v}>
          {label(v)}
        </option>
      ))}
    </>
  );
}
