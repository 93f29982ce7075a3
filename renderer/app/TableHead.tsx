import type { ReactNode } from 'react';

export interface Column {
  label: ReactNode;
  className?: string;
  /** Named for screen readers only (a column of buttons). */
  hidden?: boolean;
}

/** A table's header row, one column header a label: a list, not a copy of `<th>`s. `false` leaves a column out. */
export function TableHead({ columns }: { columns: readonly (ReactNode | Column | false)[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => {
          if (c === false) return null;
          const col: Column = isColumn(c) ? c : { label: c };
          return (
            <th key={i} scope="col" className={col.className}>
              {col.hidden ? <span className="visually-hidden">{col.label}</span> : col.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

function isColumn(c: ReactNode | Column): c is Column {
  return typeof c === 'object' && c !== null && 'label' in c;
}
