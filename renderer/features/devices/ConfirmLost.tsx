import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import type { useDeviceActions } from './useDeviceActions';

/** "Mark this device lost?", while the person has one chosen; the dialog stays until the core answers. */
export function ConfirmLost({ actions, testId }: { actions: ReturnType<typeof useDeviceActions>; testId?: string }) {
  const { t } = useTranslation('devices');
  if (!actions.confirmLost) return null;
  return (
    <ConfirmDialog
      title={t('confirmLost.title')}
      confirmLabel={t('confirmLost.confirm')}
      cancelLabel={t('confirmLost.cancel')}
      danger
      closeOnSuccess={false}
      busy={actions.busy}
      onConfirm={() => actions.markLost()}
      onClose={actions.cancelLost}
      testId={testId}
    >
      <p>{t('confirmLost.body', { name: actions.confirmLost.name || t('unnamed') })}</p>
    </ConfirmDialog>
  );
}
