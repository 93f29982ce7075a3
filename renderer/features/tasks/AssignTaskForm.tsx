import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { TaskPriority } from '../../../shared/api/tasks';
import { useClient } from '../../app/connection';
import { errorText } from '../../app/errors';
import { useAction } from '../../app/useAction';
import { todayInVietnam } from './taskModel';
import { Field } from '../../app/Field';
import styles from './tasks.module.css';
import { Options } from '../../app/Options';

interface Props {
  view: MeetingView;
  agendaItemId: string;
  conclusionId: string | null;
  onDone(): void;
}

/**
 * "Giao nhiệm vụ" from a conclusion: what, to which unit and/or person, by when, how
 * urgent. The obvious mistakes (no owner, a day already past) are said before sending;
 * the core and the server check the same again and their refusal is shown as it comes.
 */
export function AssignTaskForm({ view, agendaItemId, conclusionId, onDone }: Props) {
  const { t } = useTranslation('followup');
  const tg = useTranslation().t;
  const client = useClient();
  const id = useId();
  const [title, setTitle] = useState('');
  const [unit, setUnit] = useState('');
  const [assignee, setAssignee] = useState('');
  const [deadline, setDeadline] = useState('');
  const [priority, setPriority] = useState<TaskPriority>('normal');
  // What the form itself finds wrong, said before anything is sent.
  const [problem, setProblem] = useState<string | null>(null);
  const { run, busy, error } = useAction();
  const today = todayInVietnam();
  // Units named in the participant list, as suggestions; any other unit may still be typed.
  const units = useMemo(() => [...new Set(view.content.participants.map((p) => p.unit).filter((u): u is string => !!u))].sort((a, b) => a.localeCompare(b, 'vi')), [view.content.participants]);

  function check(): string | null {
    if (!title.trim()) return t('assign.errTitle');
    if (!unit.trim() && !assignee) return t('assign.errOwner');
    if (!deadline) return t('assign.errDeadline');
    if (deadline < today) return t('assign.errPast');
    return null;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const wrong = check();
    setProblem(wrong);
    if (wrong) return;
    await run(async () => {
      await client.tasks.assign({ meetingId: view.id, conclusionId, agendaItemId, title, unit: unit.trim() || null, assigneeUserId: assignee || null, deadline, priority });
      onDone();
    });
  }

  const shown = problem ?? (error !== null ? errorText(tg, error) : null);
  return (
    <form className={styles.fuAssign} data-testid="task-assign-form" onSubmit={(e) => void submit(e)} noValidate>
      <h4 className={styles.fuSubhead}>{t('assign.title')}</h4>
      {shown && (
        <div className="notice notice-error" role="alert" data-testid="task-error">
          {shown}
        </div>
      )}
      <div className={styles.fuAssignGrid}>
        <Field htmlFor={`${id}-title`} label={t('assign.what')} required className={styles.fuSpan2}>
          <textarea id={`${id}-title`} className="fu-textarea fu-textarea-short" rows={2} data-testid="task-title" value={title} placeholder={t('assign.whatPlaceholder')} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field htmlFor={`${id}-unit`} label={t('assign.unit')}>
          <input id={`${id}-unit`} list={`${id}-units`} data-testid="task-unit" value={unit} placeholder={t('assign.unitPlaceholder')} onChange={(e) => setUnit(e.target.value)} />
          <datalist id={`${id}-units`}>
            {units.map((u) => (
              <option key={u} value={u} />
            ))}
          </datalist>
        </Field>
        <Field htmlFor={`${id}-person`} label={t('assign.person')}>
          <select id={`${id}-person`} data-testid="task-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
            <option value="">{t('assign.noPerson')}</option>
            {view.content.participants.map((p) => (
              <option key={p.id} value={p.id}>
                {p.unit ? `${p.name} — ${p.unit}` : p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field htmlFor={`${id}-deadline`} label={t('assign.deadline')} required>
          <input id={`${id}-deadline`} type="date" min={today} data-testid="task-deadline" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
        </Field>
        <Field htmlFor={`${id}-priority`} label={t('assign.priority')}>
          <select id={`${id}-priority`} data-testid="task-priority" value={priority} onChange={(e) => setPriority(e.target.value as TaskPriority)}>
            <Options values={TaskPriority.options} label={(p) => t(`priority.${p}`)} />
          </select>
        </Field>
      </div>
      <p className="field-hint">{t('assign.ownerHint')}</p>
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          {tg('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" data-testid="task-save" disabled={busy}>
          {t('assign.save')}
        </button>
      </div>
    </form>
  );
}
