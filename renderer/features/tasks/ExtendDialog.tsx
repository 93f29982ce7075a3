import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../shared/http';
import { useClient } from '../../app/connection';
import { Dialog } from '../../app/Dialog';
import { ErrorNotice } from '../../app/ErrorNotice';
import { formatDay, taskFacts } from './taskModel';

/** The secretariat moves a deadline; the reason is required and kept with the task for the record. */
export function ExtendDialog({ task, onClose, onDone }: { task: Task; onClose(): void; onDone(): void }) {
  const { t } = useTranslation('followup');
  const tc = useTranslation().t;
  const client = useClient();
  const id = useId();
  const current = taskFacts(task).deadline;
  const [deadline, setDeadline] = useState(current);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const problem = !reason.trim() ? t('extend.reasonRequired') : deadline <= current ? t('extend.notLater') : null;

  async function save() {
    setTried(true);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      await client.tasks.extend({ taskId: task.id, deadline, reason });
      onDone();
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={t('extend.title')}
      onClose={onClose}
      testId="task-extend-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {tc('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" data-testid="task-extend-save" disabled={busy} onClick={() => void save()}>
            {t('extend.save')}
          </button>
        </>
      }
    >
      <ErrorNotice error={error} />
      <p className="dialog-lead fu-report-task">{task.title}</p>
      <p className="muted">{t('extend.current', { date: formatDay(current) })}</p>
      <div className="field">
        <label htmlFor={`${id}-deadline`}>{t('extend.deadline')}</label>
        <input id={`${id}-deadline`} type="date" min={current} data-testid="task-extend-deadline" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-reason`}>
          {t('extend.reason')} <span className="required">*</span>
        </label>
        <textarea id={`${id}-reason`} className="fu-textarea fu-textarea-short" rows={2} data-testid="task-extend-reason" value={reason} aria-invalid={tried && !!problem} onChange={(e) => setReason(e.target.value)} />
      </div>
      {tried && problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </Dialog>
  );
}
