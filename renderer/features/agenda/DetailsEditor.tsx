import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgendaItemView } from '../../../shared/ydoc/meeting';
import styles from './agenda.module.css';
import { Field } from '../../app/Field';

export interface DetailsPatch {
  durationMin: number | null;
  presenter: string | null;
  speakingLimitMin: number | null;
  speakingBudgetMin: number | null;
}

interface Props {
  item: AgendaItemView;
  onSave(patch: DetailsPatch): void;
  onCancel(): void;
}

/** Minutes typed in a field: empty clears it; otherwise whole minutes within [min, 24 h]. */
function minutesOf(text: string, min: number): number | null {
  if (text.trim() === '') return null;
  const n = Math.round(Number(text));
  return Number.isNaN(n) ? null : Math.max(min, Math.min(24 * 60, n));
}

/** Duration, presenter and speaking time (per speaker, all speeches) of one item; an empty field clears the value. */
export function DetailsEditor({ item, onSave, onCancel }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [duration, setDuration] = useState(item.durationMin === null ? '' : String(item.durationMin));
  const [presenter, setPresenter] = useState(item.presenter ?? '');
  const [limit, setLimit] = useState(item.speakingLimitMin === null ? '' : String(item.speakingLimitMin));
  const [budget, setBudget] = useState(item.speakingBudgetMin === null ? '' : String(item.speakingBudgetMin));

  function submit(e: FormEvent) {
    e.preventDefault();
    onSave({ durationMin: minutesOf(duration, 0), presenter: presenter.trim() || null, speakingLimitMin: minutesOf(limit, 1), speakingBudgetMin: minutesOf(budget, 1) });
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  }

  return (
    <form className={styles.detailsEditor} data-testid="agenda-details-form" onSubmit={submit} onKeyDown={onKeyDown}>
      <Field htmlFor={`${id}-duration`} label={t('agenda.duration')} className="field-inline field-narrow">
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
      </Field>
      <Field htmlFor={`${id}-presenter`} label={t('agenda.presenter')} className="field-inline field-grow">
        <input id={`${id}-presenter`} data-testid="agenda-presenter-input" maxLength={200} value={presenter} onChange={(e) => setPresenter(e.target.value)} />
      </Field>
      <Field htmlFor={`${id}-limit`} label={t('agenda.speakingLimit')} className="field-inline field-narrow">
        <input id={`${id}-limit`} data-testid="agenda-speaking-limit-input" type="number" min={1} max={1440} step={1} inputMode="numeric" value={limit} onChange={(e) => setLimit(e.target.value)} />
      </Field>
      <Field htmlFor={`${id}-budget`} label={t('agenda.speakingBudget')} className="field-inline field-narrow">
        {/* step 1: with min 1 a step of 5 made the browser refuse round budgets (30 → "26 or 31"). */}
        <input id={`${id}-budget`} data-testid="agenda-speaking-budget-input" type="number" min={1} max={1440} step={1} inputMode="numeric" value={budget} onChange={(e) => setBudget(e.target.value)} />
      </Field>
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
