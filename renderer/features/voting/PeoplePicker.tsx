import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { visibleText } from '../../app/visible-text';
import type { Draft } from './builderModel';
import styles from './voting.module.css';

/** A poll builder's field that picks people (the voting group, the tellers). */
export interface PeopleFieldProps {
  view: MeetingView;
  draft: Draft;
  error?: string;
  onChange(patch: Partial<Draft>): void;
}

export interface Person {
  id: string;
  name: string;
  unit?: string | null;
  position?: string | null;
}

interface Props {
  people: readonly Person[];
  picked: readonly string[];
  onPick(ids: string[]): void;
  /** How many are picked, in the words of what they are picked for. */
  count: string;
  /** More tools beside the count; given the people the filter shows. */
  tools?(shown: readonly Person[]): ReactNode;
}

/** A filterable checklist of people, for a poll's voting group or its tellers. */
export function PeoplePicker({ people, picked, onPick, count, tools }: Props) {
  const { t } = useTranslation('voting');
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const q = filter.trim().toLocaleLowerCase('vi');
    return q ? people.filter((m) => `${m.name} ${m.unit ?? ''} ${m.position ?? ''}`.toLocaleLowerCase('vi').includes(q)) : people;
  }, [people, filter]);
  const chosen = new Set(picked);
  const toggle = (id: string) => onPick(chosen.has(id) ? picked.filter((g) => g !== id) : [...picked, id]);
  return (
    <div className={styles.vtGroupPicker}>
      <div className={styles.vtGroupTools}>
        <input type="search" value={filter} placeholder={t('builder.groupFilter')} aria-label={t('builder.groupFilter')} onChange={(e) => setFilter(e.target.value)} />
        <span className="muted">{count}</span>
        {tools?.(shown)}
      </div>
      <ul className={styles.vtChecklist}>
        {shown.map((m) => (
          <li key={m.id}>
            <label>
              <input type="checkbox" checked={chosen.has(m.id)} onChange={() => toggle(m.id)} />
              <span>{visibleText(m.name)}</span>
              {m.unit && <span className="muted">{m.unit}</span>}
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}
