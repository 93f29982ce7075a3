import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from '../../app/icons';
import styles from './seating.module.css';

interface Props {
  /** The step's word, on the button that asks and on the one that does it. */
  label: string;
  /** What will happen, said beside the buttons once asked. */
  question: ReactNode;
  icon?: IconName;
  /** The asking button's; the doing one is `${testId}-confirm`. */
  testId: string;
  /** Nothing to do yet (an empty room to clear). */
  disabled?: boolean;
  busy: boolean;
  /** The step; it stays asked when the step did not succeed, so the error stands beside it. */
  onConfirm(): Promise<boolean>;
}

/**
 * A step that empties a room in the toolbar (remove it, clear its seats) asks in place
 * rather than in a dialog: the question and the red button stand where the quiet one was,
 * the safe choice beside them.
 */
export function InlineConfirm({ label, question, icon, testId, disabled, busy, onConfirm }: Props) {
  const { t } = useTranslation('seating');
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="btn btn-small btn-quiet-danger" data-testid={testId} onClick={() => setAsking(true)} disabled={disabled}>
        {icon && <Icon name={icon} />}
        {label}
      </button>
    );
  }
  return (
    <span className={`wrap-row ${styles.confirmInline}`} role="group">
      <span>{question}</span>
      <button type="button" className="btn btn-small btn-danger" data-testid={`${testId}-confirm`} onClick={() => void onConfirm().then((done) => done && setAsking(false))} disabled={busy}>
        {label}
      </button>
      <button type="button" className="btn btn-small" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
