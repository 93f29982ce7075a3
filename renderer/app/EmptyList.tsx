import type { ReactNode } from 'react';

/**
 * Where a list would stand while it has nothing yet, saying why. It carries the list's own
 * test id, marked `data-empty`, so a test finds the list's place either way.
 */
export function EmptyList({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <p className="empty-inline" data-testid={testId} data-empty="true">
      {children}
    </p>
  );
}
