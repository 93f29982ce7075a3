import { useId, type ReactNode } from 'react';

interface Props {
  title: ReactNode;
  /** `h2` for a panel of the screen, `h3` for one inside a tab or section that has its own heading. */
  level?: 2 | 3;
  /** The smaller title of a side or secondary panel. */
  small?: boolean;
  /** One line under the title on what the panel is for. */
  subtitle?: ReactNode;
  /** Beside `panel`. */
  className?: string;
  testId?: string;
  /** `alert`: the panel appears to say something is wrong, and is announced. */
  role?: 'alert';
  children?: ReactNode;
}

/** A titled panel, a region named by its title for screen readers. */
export function Panel({ title, level = 2, small, subtitle, className, testId, role, children }: Props) {
  const titleId = useId();
  const Title = level === 3 ? 'h3' : 'h2';
  return (
    <section className={className ? `panel ${className}` : 'panel'} aria-labelledby={titleId} data-testid={testId} role={role}>
      <Title id={titleId} className={small ? 'panel-title small' : 'panel-title'}>
        {title}
      </Title>
      {subtitle !== undefined && <p className="panel-subtitle">{subtitle}</p>}
      {children}
    </section>
  );
}
