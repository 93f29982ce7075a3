import { useTranslation } from 'react-i18next';
import type { MeetingStatus } from '../../../shared/meeting-enums';

export function StatusBadge({ status }: { status: MeetingStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${status}`} data-testid="meeting-status" data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}
