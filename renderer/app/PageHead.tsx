import type { ReactNode } from 'react';

/** A screen's title and one line on what it is for; `children` (buttons, counts) stand on the right. */
export function PageHead({ title, subtitle, children }: { title: string; subtitle: string; children?: ReactNode }) {
  return (
    <div className="page-head">
      <div>
        <h1 className="page-title">{title}</h1>
        <p className="page-subtitle">{subtitle}</p>
      </div>
      {children}
    </div>
  );
}
