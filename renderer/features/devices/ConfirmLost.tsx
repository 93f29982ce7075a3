import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import type { useDeviceActions } from './useDeviceActions';

type Actions = ReturnType<typeof useDeviceActions>;

/**
 * A device step that cannot be undone, asked first ("confirmLost", "confirmEverywhere": the
 * texts' group); the dialog stays until the core answers.
 */
export function DeviceConfirm({ step, body, actions, onConfirm, onClose, testId }: { step: 'confirmLost' | 'confirmEverywhere'; body: string; actions: Actions; onConfirm(): Promise<unknown>; onClose(): void; testId?: string }) {
  const { t } = useTranslation('devices');
  return (
    <ConfirmDialog title={t(`${step}.title`)} confirmLabel={t(`${step}.confirm`)} cancelLabel={t(`${step}.cancel`)} danger closeOnSuccess={false} busy={actions.busy} onConfirm={onConfirm} onClose={onClose} testId={testId}>
      <p>{body}</p>
    </ConfirmDialog>
  );
}

/** "Mark this device lost?", while the person has one chosen. */
export function ConfirmLost({ actions, testId }: { actions: Actions; testId?: string }) {
  const { t } = useTranslation('devices');
  if (!actions.confirmLost) return null;
  return <DeviceConfirm step="confirmLost" body={t('confirmLost.body', { name: actions.confirmLost.name || t('unnamed') })} actions={actions} onConfirm={() => actions.markLost()} onClose={actions.cancelLost} testId={testId} />;
}
