/** What the form itself finds wrong, said before anything is sent (the core's refusal goes to an ErrorNotice). */
export function FormProblem({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <p className="form-error" role="alert">
      {text}
    </p>
  );
}

interface SaveCancelProps {
  saveLabel: string;
  cancelLabel: string;
  saveTestId: string;
  onCancel(): void;
  disabled?: boolean;
  small?: boolean;
}

/** A form's submit button and, beside it, the one that leaves without saving. */
export function SaveCancel({ saveLabel, cancelLabel, saveTestId, onCancel, disabled, small }: SaveCancelProps) {
  const size = small ? ' btn-small' : '';
  return (
    <div className="form-actions">
      <button type="submit" className={`btn btn-primary${size}`} data-testid={saveTestId} disabled={disabled}>
        {saveLabel}
      </button>
      <button type="button" className={`btn${size}`} onClick={onCancel}>
        {cancelLabel}
      </button>
    </div>
  );
}
