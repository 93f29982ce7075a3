import { useTranslation } from 'react-i18next';
import { errorText } from './errors';

/** A failed call, translated, dismissible. Holds the error rather than its text so a language switch re-translates it. */
export function ErrorNotice({ error, onDismiss, testId }: { error: unknown; onDismiss?: () => void; testId?: string }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  return (
    <div className="notice notice-error" role="alert" data-testid={testId}>
      <span>{errorText(t, error)}</span>
      {onDismiss && (
        <button type="button" className="btn-close" aria-label={t('common.dismiss')} onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
