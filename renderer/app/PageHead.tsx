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

interface PanelHeadProps {
  title: ReactNode;
  titleId?: string;
  titleTestId?: string;
  /** One line under the title (a count, what the panel is for). */
  subtitle?: ReactNode;
  /** Something richer than a line under the title, given as it is. */
  lead?: ReactNode;
  /** Tools or a tag on the right. */
  children?: ReactNode;
}

/** A panel's heading, with its line and its tools. */
export function PanelHead({ title, titleId, titleTestId, subtitle, lead, children }: PanelHeadProps) {
  return (
    <div className="panel-head">
      <div>
        <h2 id={titleId} className="panel-title" data-testid={titleTestId}>
          {title}
        </h2>
        {subtitle !== undefined && <p className="panel-subtitle">{subtitle}</p>}
        {lead}
      </div>
      {children}
    </div>
  );
}
