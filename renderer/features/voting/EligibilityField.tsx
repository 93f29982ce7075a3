import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { votingMembers } from './pollRules';
import { PeoplePicker, type PeopleFieldProps } from './PeoplePicker';
import styles from './voting.module.css';

/** Who may vote: every member, those present, or a group picked from the participants. */
export function EligibilityField({ view, draft, error, onChange }: PeopleFieldProps) {
  const { t } = useTranslation('voting');
  const members = useMemo(() => votingMembers(view), [view]);
  return (
    <fieldset className={`${styles.vtFieldset} span-2`} aria-invalid={error ? true : undefined}>
      <legend>{t('builder.eligibility')}</legend>
      <div className={styles.vtRadios}>
        {(['all', 'present', 'group'] as const).map((k) => (
          <label key={k} className={styles.vtRadio}>
            <input type="radio" name="poll-eligibility" value={k} checked={draft.eligibility === k} onChange={() => onChange({ eligibility: k })} />
            {t(`eligibility.${k}`)}
          </label>
        ))}
      </div>
      {draft.eligibility === 'group' && (
        <PeoplePicker
          people={members}
          picked={draft.group}
          onPick={(group) => onChange({ group })}
          count={t('builder.groupCount', { count: draft.group.length })}
          tools={(shown) => (
            <>
              <button type="button" className="btn btn-small btn-link" onClick={() => onChange({ group: [...new Set([...draft.group, ...shown.map((m) => m.id)])] })}>
                {t('builder.groupAll')}
              </button>
              <button type="button" className="btn btn-small btn-link" onClick={() => onChange({ group: [] })}>
                {t('builder.groupNone')}
              </button>
            </>
          )}
        />
      )}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
