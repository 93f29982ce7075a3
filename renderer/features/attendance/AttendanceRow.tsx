import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendanceMark, AttendanceStatus } from '../../../shared/domain/attendance';
import type { ParticipantView } from '../../../shared/ydoc/meeting';
import { formatTime } from './format';
import { toneClass, type Tone } from '../../app/tone';
import styles from './attendance.module.css';

/** A person's status as a pill: not yet marked grey, present green, excused amber, absent red. */
const STATUS_TONE: Record<AttendanceStatus | 'none', Tone> = { none: 'grey', present: 'green', excused: 'amber', absent: 'red' };

interface Props {
  person: ParticipantView;
  mark: AttendanceMark | undefined;
  pending: boolean;
  siteName: string | undefined;
  seatLabel: string | undefined;
  /** The chair's view: status only, no checkbox and no marking. */
  readOnly: boolean;
  checked: boolean;
  onCheck(checked: boolean): void;
  onMark(status: AttendanceStatus, substitute?: string | null): void;
}

/** One person: status, and the secretariat's check in / check out / excused / substitute. */
export function AttendanceRow({ person, mark, pending, siteName, seatLabel, readOnly, checked, onCheck, onMark }: Props) {
  const { t } = useTranslation('seating');
  const [substituting, setSubstituting] = useState(false);
  const [substitute, setSubstitute] = useState('');
  const status = mark?.status ?? 'none';

  function submitSubstitute(e: FormEvent) {
    e.preventDefault();
    if (!substitute.trim()) return;
    onMark('present', substitute.trim());
    setSubstituting(false);
    setSubstitute('');
  }

  return (
    <tr data-testid="attendance-row" data-user-id={person.id} data-status={status} data-pending={pending}>
      {!readOnly && (
        <td>
          <input type="checkbox" checked={checked} onChange={(e) => onCheck(e.target.checked)} aria-label={t('list.select', { name: person.name })} />
        </td>
      )}
      <th scope="row">
        <span className="person-name">{person.name}</span>
        <span className="person-sub">{[t(`role.${person.role}`), person.unit, seatLabel].filter(Boolean).join(' · ')}</span>
      </th>
      <td>{siteName ?? '—'}</td>
      <td>
        <span className={`${styles.statusPill} ${toneClass(STATUS_TONE[status])}`}>{t(`status.${status}`)}</span>
        {pending && <span className="person-sub"> · {t('checkin.pendingShort')}</span>}
        {mark?.substitute && <span className="person-sub"> · {t('list.substitutedBy', { name: mark.substitute })}</span>}
        {mark && !pending && <span className="person-sub"> · {formatTime(mark.at)}</span>}
      </td>
      {!readOnly && (
        <td>
          <div className="row-actions">
          {substituting ? (
            <form onSubmit={submitSubstitute} className={`wrap-row ${styles.substituteForm}`}>
              <input className="seating-input" data-testid="attendance-substitute-name" value={substitute} onChange={(e) => setSubstitute(e.target.value)} placeholder={t('list.substituteName')} aria-label={t('list.substituteName')} maxLength={200} autoFocus />
              <button type="submit" className="btn btn-small btn-primary">
                {t('common.save')}
              </button>
              <button type="button" className="btn btn-small" onClick={() => setSubstituting(false)}>
                {t('common.cancel')}
              </button>
            </form>
          ) : (
            <>
              <button type="button" className="btn btn-small" data-testid="attendance-mark-present" disabled={status === 'present'} onClick={() => onMark('present')}>
                {t('list.checkIn')}
              </button>
              <button type="button" className="btn btn-small" data-testid="attendance-mark-absent" disabled={status === 'absent' || status === 'none'} onClick={() => onMark('absent')}>
                {t('list.checkOut')}
              </button>
              <button type="button" className="btn btn-small" data-testid="attendance-mark-excused" disabled={status === 'excused'} onClick={() => onMark('excused')}>
                {t('list.excused')}
              </button>
              <button type="button" className="btn btn-small" data-testid="attendance-substitute" onClick={() => setSubstituting(true)}>
                {t('list.substitute')}
              </button>
            </>
          )}
          </div>
        </td>
      )}
    </tr>
  );
}
