import { useTranslation } from 'react-i18next';
import type { OutboxState } from '../../../shared/contract';
import { formatDateTime } from '../../app/format';
import { currentLanguage } from '../../i18n';
import { useRefusalText } from '../../app/errors';

/** Where a finalised (or corrected) conclusion is: on its way, received with a receipt, or refused with the reason. */
export function ConclusionState({ record }: { record: OutboxState & { correction: boolean } }) {
  const { t } = useTranslation('followup');
  const refused = useRefusalText();
  const lang = currentLanguage();
  return (
    <div className={`fu-state fu-state-${record.state}`} data-testid="conclusion-state" data-state={record.state} role="status">
      <span className="fu-state-dot" aria-hidden="true" />
      <span className="fu-state-text">
        {t(`state.${record.state}`, { what: record.correction ? t('state.correction') : t('state.conclusion') })}
        {record.state === 'sent' && record.receivedAt && ` · ${formatDateTime(record.receivedAt, lang)}`}
        {record.state === 'sent' && record.receipt && <span className="fu-receipt"> · {t('state.receipt', { receipt: record.receipt })}</span>}
      </span>
      {record.state === 'refused' && record.refusal && <span className="fu-refusal">{refused(record)}</span>}
    </div>
  );
}
