import type { ReactNode } from 'react';
import { TableHead, type Column } from './TableHead';

interface Props {
  columns: readonly (ReactNode | Column | false)[];
  /** The feature's own class, beside `data-table`. */
  className?: string;
  testId?: string;
  /** The rows (`<tr>`s). */
  children: ReactNode;
  /** What stands under the table inside its scrolling box ("no match", "show more"). */
  after?: ReactNode;
}

/**
 * A list shown as a table that scrolls sideways on its own on a narrow window, rather than
 * the whole page: the box, the table, its header row and its body, so a screen gives only
 * its columns and rows.
 */
export function DataTable({ columns, className, testId, children, after }: Props) {
  return (
    <div className="table-scroll">
      <table className={className ? `data-table ${className}` : 'data-table'} data-testid={testId}>
        <TableHead columns={columns} />
        <tbody>{children}</tbody>
      </table>
      {after}
    </div>
  );
}
