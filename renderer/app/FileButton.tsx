import { useRef, type ReactNode } from 'react';

interface Props {
  /** What the button says. */
  children: ReactNode;
  className: string;
  accept: string;
  multiple?: boolean;
  disabled?: boolean;
  testId?: string;
  /** The file input's own name (for screen readers and tests; it is out of the tab order). */
  inputLabel: string;
  inputTestId: string;
  onFiles(files: File[]): void;
}

/** A button that opens the file chooser; the native input stays hidden behind it. */
export function FileButton({ children, className, accept, multiple, disabled, testId, inputLabel, inputTestId, onFiles }: Props) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={className} data-testid={testId} disabled={disabled} onClick={() => input.current?.click()}>
        {children}
      </button>
      <input
        ref={input}
        type="file"
        multiple={multiple}
        accept={accept}
        className="visually-hidden"
        tabIndex={-1}
        aria-label={inputLabel}
        data-testid={inputTestId}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          // Reset so choosing the same file again (after a failure) fires a change.
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
    </>
  );
}
