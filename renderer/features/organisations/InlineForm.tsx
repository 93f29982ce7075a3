import type { ReactNode } from 'react';
import styles from './organisations.module.css';

interface Props {
  title: string;
  className: string;
  onSubmit(): void;
  /** The fields and the button, on one line. */
  line: ReactNode;
  /** What the step said (its error, what it did), under the line. */
  children?: ReactNode;
}

/** A titled form of a few fields on one line and its button: upload a certificate, add a member. */
export function InlineForm({ title, className, onSubmit, line, children }: Props) {
  return (
    <form
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h3 className="panel-title small">{title}</h3>
      <div className={styles.inline}>{line}</div>
      {children}
    </form>
  );
}
