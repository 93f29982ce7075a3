import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '../../../shared/ydoc/meeting';
import { visibleText } from '../../app/visible-text';
import styles from './agenda.module.css';
import { Field } from '../../app/Field';

interface Props {
  /** Current versions not yet attached to this item. */
  candidates: readonly DocumentView[];
  onAttach(documentId: string): void;
  onCancel(): void;
}

/** Attaches one of the meeting's uploaded documents to an item; uploading is on the Documents tab. */
export function AttachPicker({ candidates, onAttach, onCancel }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [choice, setChoice] = useState(candidates[0]?.id ?? '');

  function submit(e: FormEvent) {
    e.preventDefault();
    if (choice) onAttach(choice);
  }

  return (
    <form className={`${styles.detailsEditor} ${styles.attachPicker}`} data-testid="agenda-attach-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      {candidates.length === 0 ? (
        <p className="muted field-grow">{t('agenda.attachNone')}</p>
      ) : (
        <Field htmlFor={`${id}-doc`} label={t('agenda.attachLabel')} className="field-inline field-grow">
          <select id={`${id}-doc`} data-testid="agenda-attach-select" value={choice} autoFocus onChange={(e) => setChoice(e.target.value)}>
            {candidates.map((d) => (
              <option key={d.id} value={d.id}>
                {visibleText(d.title)} — {t('documents.pages', { count: d.pages })}
                {d.version > 1 ? ` · ${t('documents.versionShort', { version: d.version })}` : ''}
              </option>
            ))}
          </select>
        </Field>
      )}
      <div className="details-actions">
        {candidates.length > 0 && (
          <button type="submit" className="btn btn-primary btn-small" data-testid="agenda-attach-confirm">
            {t('agenda.attachConfirm')}
          </button>
        )}
        <button type="button" className="btn btn-small" autoFocus={candidates.length === 0} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
