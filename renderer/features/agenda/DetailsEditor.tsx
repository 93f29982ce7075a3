import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgendaItemView } from '../../../shared/ydoc/meeting';

interface Props {
  item: AgendaItemView;
  onSave(patch: { durationMin: number | null; presenter: string | null }): void;
  onCancel(): void;
}

/** Duration and presenter of one item; an empty field clears the value. */
export function DetailsEditor({ item, onSave, onCancel }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [duration, setDuration] = useState(item.durationMin === null ? '' : String(item.durationMin));
  const [presenter, setPresenter] = useState(item.presenter ?? '');

  function submit(e: FormEvent) {
    e.preventDefault();
    const minutes = duration.trim() === '' ? null : Math.max(0, Math.min(24 * 60, Math.round(Number(duration))));
    onSave({ durationMin: minutes === null || Number.isNaN(minutes) ? null : minutes, presenter: presenter.trim() || null });
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  }

  return (
    <form className="details-editor" data-testid="agenda-details-form" onSubmit={submit} onKeyDown={onKeyDown}>
      <div className="field field-inline field-narrow">
        <label htmlFor={`${id}-duration`}>{t('agenda.duration')}</label>
        <input
          id={`${id}-duration`}
          data-testid="agenda-duration-input"
          type="number"
          min={0}
          max={1440}
          step={5}
          inputMode="numeric"
          value={duration}
          autoFocus
          onChange={(e) => setDuration(e.target.value)}
        />
      </div>
      <div className="field field-inline field-grow">
        <label htmlFor={`${id}-presenter`}>{t('agenda.presenter')}</label>
        <input id={`${id}-presenter`} data-testid="agenda-presenter-input" maxLength={200} value={presenter} onChange={(e) => setPresenter(e.target.value)} />
      </div>
      <div className="details-actions">
        <button type="submit" className="btn btn-primary btn-small" data-testid="agenda-details-save">
          {t('agenda.save')}
        </button>
        <button type="button" className="btn btn-small" onClick={onCancel}>
          {t('agenda.cancel')}
        </button>
      </div>
    </form>
  );
}
