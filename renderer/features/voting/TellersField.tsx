import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PeoplePicker, type PeopleFieldProps } from './PeoplePicker';
import styles from './voting.module.css';

/**
 * A secret poll's tellers (Ban kiểm phiếu): their devices make the poll's key together, and
 * it takes `threshold` of them to open the result (issue 15). Picked from the participants.
 */
export function TellersField({ view, draft, error, onChange }: PeopleFieldProps) {
  const { t } = useTranslation('voting');
  const people = useMemo(() => view.content.participants.map((p) => ({ id: p.id, name: p.name, unit: p.unit ?? null })), [view]);
  const n = draft.tellers.length;
  return (
    <fieldset className={`${styles.vtFieldset} span-2`} data-testid="poll-tellers" aria-invalid={error ? true : undefined}>
      <legend>{t('tellers.legend')}</legend>
      <p className="field-hint">{t('tellers.hint')}</p>
      <PeoplePicker people={people} picked={draft.tellers} onPick={(tellers) => onChange({ tellers })} count={t('tellers.count', { count: n })} />
      <label className="field">
        <span>{t('tellers.threshold')}</span>
        <input
          type="number"
          data-testid="poll-teller-threshold"
          min={1}
          max={Math.max(1, n)}
          value={Math.min(draft.tellerThreshold, Math.max(1, n))}
          onChange={(e) => onChange({ tellerThreshold: Math.max(1, Number(e.target.value) || 1) })}
        />
        <span className="field-hint">
          {n === 0 ? t('tellers.noneYet') : t('tellers.thresholdHint', { threshold: Math.min(draft.tellerThreshold, Math.max(1, n)), count: n })}
        </span>
      </label>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
