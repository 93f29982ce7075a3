import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../shared/api/tasks';
import { useClient } from '../../app/connection';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { formatDay, taskFacts } from './taskModel';
import { Field } from '../../app/Field';
import styles from './tasks.module.css';

/** The secretariat moves a deadline; the reason is required and kept with the task for the record. */
export function ExtendDialog({ task, onClose, onDone }: { task: Task; onClose(): void; onDone(): void }) {
  const { t } = useTranslation('followup');
  const client = useClient();
  const id = useId();
  const current = taskFacts(task).deadline;
  const [deadline, setDeadline] = useState(current);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const problem = !reason.trim() ? t('extend.reasonRequired') : deadline <= current ? t('extend.notLater') : null;

  async function save() {
    setTried(true);
    if (problem) return false;
    await client.tasks.extend({ taskId: task.id, deadline, reason });
    onDone();
  }


  return (
    <ConfirmDialog
      title={t('extend.title')}
      onClose={onClose}
      testId="task-extend-dialog"
      confirmTestId="task-extend-save"
      confirmLabel={t('extend.save')}
      onConfirm={save}
    >
      <p className={`dialog-lead ${styles.fuReportTask}`}>{task.title}</p>
      <p className="muted">{t('extend.current', { date: formatDay(current) })}</p>
      <Field htmlFor={`${id}-deadline`} label={t('extend.deadline')}>
        <input id={`${id}-deadline`} type="date" min={current} data-testid="task-extend-deadline" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
      </Field>
      <Field htmlFor={`${id}-reason`} label={t('extend.reason')} required>
        <textarea id={`${id}-reason`} className="fu-textarea fu-textarea-short" rows={2} data-testid="task-extend-reason" value={reason} aria-invalid={tried && !!problem} onChange={(e) => setReason(e.target.value)} />
      </Field>
      {tried && problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </ConfirmDialog>
  );
}
