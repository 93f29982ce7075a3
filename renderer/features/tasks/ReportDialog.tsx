import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../shared/api/tasks';
import { useClient, useFileRef } from '../../app/connection';
import { Dialog } from '../../app/Dialog';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useAction } from '../../app/useAction';
import { looksLikePdf } from '../documents';
import styles from './tasks.module.css';
import { Field } from '../../app/Field';

/**
 * The assignee reports progress: a note, optionally a PDF (uploaded first, through the same
 * staging path as any document, as a document of the task's meeting), and "completed".
 */
export function ReportDialog({ task, onClose, onDone }: { task: Task; onClose(): void; onDone(): void }) {
  const { t } = useTranslation('followup');
  const tc = useTranslation().t;
  const client = useClient();
  const fileRef = useFileRef();
  const id = useId();
  const [note, setNote] = useState('');
  const [completed, setCompleted] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'sending'>('idle');
  const [progress, setProgress] = useState(0);
  const { run, error } = useAction();
  const [fileProblem, setFileProblem] = useState<string | null>(null);

  async function save() {
    if (!note.trim() && !completed && !file) {
      setFileProblem(t('report.empty'));
      return;
    }
    // The phase names the step under way (upload, then report); a failure returns to the start.
    const reported = await run(async () => {
      let documentId: string | null = null;
      if (file) {
        setPhase('uploading');
        const ref = await fileRef(file, (sent, total) => setProgress(total ? sent / total : 0));
        // Through the task, not the meeting's documents: an assignee is rarely secretariat.
        const uploaded = await client.tasks.attach({ meetingId: task.meetingId, taskId: task.id, uploadId: crypto.randomUUID(), file: ref });
        documentId = uploaded.document.id;
      }
      setPhase('sending');
      await client.tasks.report({ meetingId: task.meetingId, taskId: task.id, note, completed, documentId });
      onDone();
      onClose();
    });
    if (!reported) setPhase('idle');
  }

  function pick(f: File | null) {
    setFileProblem(null);
    if (f && !looksLikePdf(f)) {
      setFileProblem(t('report.notPdf', { name: f.name }));
      setFile(null);
      return;
    }
    setFile(f);
  }

  const busy = phase !== 'idle';
  return (
    <Dialog
      title={t('report.title')}
      onClose={onClose}
      testId="task-report-dialog"
      closeOnEscape={!busy}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            {tc('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" data-testid="task-report-save" disabled={busy} onClick={() => void save()}>
            {phase === 'uploading' ? t('report.uploading', { pct: Math.round(progress * 100) }) : phase === 'sending' ? t('report.sending') : t('report.save')}
          </button>
        </>
      }
    >
      <ErrorNotice error={error} />
      <p className={`dialog-lead ${styles.fuReportTask}`}>{task.title}</p>
      <Field htmlFor={`${id}-note`} label={t('report.note')}>
        <textarea id={`${id}-note`} className="fu-textarea" rows={4} data-testid="task-note" value={note} placeholder={t('report.notePlaceholder')} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <Field htmlFor={`${id}-file`} label={t('report.file')} error={fileProblem} alert>
        <input id={`${id}-file`} type="file" accept="application/pdf,.pdf" data-testid="task-file" onChange={(e) => pick(e.target.files?.[0] ?? null)} />
      </Field>
      <label className={styles.fuCheck}>
        <input type="checkbox" data-testid="task-complete" checked={completed} onChange={(e) => setCompleted(e.target.checked)} />
        <span>
          <strong>{t('report.complete')}</strong>
          <span className="field-hint">{t('report.completeHint')}</span>
        </span>
      </label>
    </Dialog>
  );
}
