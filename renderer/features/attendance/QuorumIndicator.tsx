import { useTranslation } from 'react-i18next';
import type { QuorumState } from '../../../shared/domain/quorum';
import { formatCount } from './format';
import styles from './attendance.module.css';

/** Green "Đủ túc số: 1.612/3.152 — cần 1.577" or red "Chưa đủ túc số — còn thiếu N"; text, not only colour. */
export function QuorumIndicator({ quorum, compact = false }: { quorum: QuorumState; compact?: boolean }) {
  const { t } = useTranslation('seating');
  const values = { present: formatCount(quorum.present), members: formatCount(quorum.members), required: formatCount(quorum.required), missing: formatCount(Math.max(0, quorum.required - quorum.present)) };
  return (
    <div className={`${styles.quorumIndicator} ${quorum.met ? styles.isMet : styles.isNotMet}${compact ? ` ${styles.isCompact}` : ''}`} data-testid="quorum-indicator" data-met={quorum.met} role="status" aria-live="polite">
      <span className={styles.quorumMark} aria-hidden="true">
        {quorum.met ? '✓' : '!'}
      </span>
      <span>
        <strong>{quorum.met ? t('quorum.met') : t('quorum.notMet')}</strong> {t('quorum.counts', values)}
        {' — '}
        {quorum.met ? t('quorum.required', values) : t('quorum.missing', values)}
      </span>
    </div>
  );
}
