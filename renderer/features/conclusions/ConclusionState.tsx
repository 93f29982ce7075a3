import { useTranslation } from 'react-i18next';
import type { OutboxState } from '../../../shared/contract';
import { formatDateTime } from '../../app/format';
import { currentLanguage } from '../../i18n';
import { useRefusalText } from '../../app/errors';
import { toneClass, type Tone } from '../../app/tone';
import styles from './conclusions.module.css';

const STATE_TONE: Record<OutboxState['state'], Tone> = { pending: 'amber', sent: 'green', refused: 'red' };

/** Where a finalised (or corrected) conclusion is: on its way, received with a receipt, or refused with the reason. */
export function ConclusionState({ record }: { record: OutboxState & { correction: boolean } }) {
  const { t } = useTranslation('followup');
  const refused = useRefusalText();
  const lang = currentLanguage();
  return (
    <div className={`${styles.fuState} ${toneClass(STATE_TONE[record.state])}`} data-testid="conclusion-state" data-state={record.state} role="status">
      <span className={styles.fuStateDot} aria-hidden="true" />
      <span className={styles.fuStateText}>
        {t(`state.${record.state}`, { what: record.correction ? t('state.correction') : t('state.conclusion') })}
        {record.state === 'sent' && record.receivedAt && ` · ${formatDateTime(record.receivedAt, lang)}`}
        {record.state === 'sent' && record.receipt && <span className={styles.fuReceipt}> · {t('state.receipt', { receipt: record.receipt })}</span>}
      </span>
      {record.state === 'refused' && record.refusal && <span className={styles.fuRefusal}>{refused(record)}</span>}
    </div>
  );
}
