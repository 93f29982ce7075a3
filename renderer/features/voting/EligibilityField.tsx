import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { Draft } from './builderModel';
import { votingMembers } from './pollRules';
import { visibleText } from '../../app/visible-text';
import styles from './voting.module.css';

interface Props {
  view: MeetingView;
  draft: Draft;
  error?: string;
  onChange(patch: Partial<Draft>): void;
}

/** Who may vote: every member, those present, or a group picked from the participants. */
export function EligibilityField({ view, draft, error, onChange }: Props) {
  const { t } = useTranslation('voting');
  const [filter, setFilter] = useState('');
  const members = useMemo(() => votingMembers(view), [view]);
  const shown = useMemo(() => {
    const q = filter.trim().toLocaleLowerCase('vi');
    return q ? members.filter((m) => `${m.name} ${m.unit ?? ''} ${m.position ?? ''}`.toLocaleLowerCase('vi').includes(q)) : members;
  }, [members, filter]);
  const picked = new Set(draft.group);
  const toggle = (id: string) => onChange({ group: picked.has(id) ? draft.group.filter((g) => g !== id) : [...draft.group, id] });
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
        <div className={styles.vtGroupPicker}>
          <div className={styles.vtGroupTools}>
            <input type="search" value={filter} placeholder={t('builder.groupFilter')} aria-label={t('builder.groupFilter')} onChange={(e) => setFilter(e.target.value)} />
            <span className="muted">{t('builder.groupCount', { count: draft.group.length })}</span>
            <button type="button" className="btn btn-small btn-link" onClick={() => onChange({ group: [...new Set([...draft.group, ...shown.map((m) => m.id)])] })}>
              {t('builder.groupAll')}
            </button>
            <button type="button" className="btn btn-small btn-link" onClick={() => onChange({ group: [] })}>
              {t('builder.groupNone')}
            </button>
          </div>
          <ul className={styles.vtChecklist}>
            {shown.map((m) => (
              <li key={m.id}>
                <label>
                  <input type="checkbox" checked={picked.has(m.id)} onChange={() => toggle(m.id)} />
                  <span>{visibleText(m.name)}</span>
                  {m.unit && <span className="muted">{m.unit}</span>}
                </label>
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
