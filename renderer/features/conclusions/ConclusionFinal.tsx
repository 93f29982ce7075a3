import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conclusion } from '../../../shared/api/conclusions';
import { formatDateTime } from '../../app/format';
import { currentLanguage } from '../../i18n';
import { CorrectionDialog } from './CorrectionDialog';
import styles from './conclusions.module.css';

interface Props {
  meetingId: string;
  conclusion: Conclusion;
  /** Chair and secretariat may correct (the core decides); others only read. */
  canCorrect: boolean;
  compact?: boolean;
}

/** A published conclusion: read-only, with its version and when it became final. */
export function ConclusionFinal({ meetingId, conclusion, canCorrect, compact }: Props) {
  const { t } = useTranslation('followup');
  const lang = currentLanguage();
  const [correcting, setCorrecting] = useState(false);
  return (
    <div className={`${styles.fuFinal}${compact ? ` ${styles.fuFinalCompact}` : ''}`} data-testid="conclusion-final" data-item-id={conclusion.agendaItemId} data-version={conclusion.version}>
      <div className={styles.fuFinalHead}>
        <span className={styles.fuFinalMark}>{t('final.label')}</span>
        <span className={styles.fuFinalMeta}>
          {t('final.meta', { version: conclusion.version, time: formatDateTime(conclusion.finalisedAt, lang) })}
        </span>
        {canCorrect && !compact && (
          <button type="button" className="btn btn-small" data-testid="conclusion-correct" onClick={() => setCorrecting(true)}>
            {t('final.correct')}
          </button>
        )}
      </div>
      <p className={styles.fuFinalText}>{conclusion.text}</p>
      {conclusion.reason && !compact && <p className={styles.fuFinalReason}>{t('final.reason', { reason: conclusion.reason })}</p>}
      {correcting && <CorrectionDialog meetingId={meetingId} conclusion={conclusion} onClose={() => setCorrecting(false)} />}
    </div>
  );
}
