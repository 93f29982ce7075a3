import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  /** The i18n section whose removeTitle, remove and removeConfirm ({{name}}) say it. */
  section: 'participants' | 'sites';
  /** What is removed, for the test ids: `<thing>-remove-dialog`, `<thing>-remove-confirm`. */
  thing: string;
  name: string;
  /** Runs the removal; the list that calls it shows its failure (the dialog closes at once). */
  onRemove(): void;
  onClose(): void;
  /** What else the removal takes with it. */
  children?: ReactNode;
}

/** "Remove this from the meeting?" for one row of a meeting's lists, named, with a red button. */
export function RemoveDialog({ section, thing, name, onRemove, onClose, children }: Props) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      title={t(`${section}.removeTitle`)}
      onClose={onClose}
      testId={`${thing}-remove-dialog`}
      confirmTestId={`${thing}-remove-confirm`}
      confirmLabel={t(`${section}.remove`)}
      danger
      onConfirm={onRemove}
    >
      <p>{t(`${section}.removeConfirm`, { name })}</p>
      {children}
    </ConfirmDialog>
  );
}
