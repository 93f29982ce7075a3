import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { OfflineLeaseDays, type MeetingMeta } from '../../../shared/ydoc/meeting';
import { useClient } from '../../app/connection';
import { errorText } from '../../app/errors';
import { splitFieldErrors } from '../../app/fieldErrors';
import { draftFrom, meetingFields, MeetingFields, translateDraftErrors, validateDraft, type MeetingField } from './MeetingFields';
import { useAction } from '../../app/useAction';
import styles from './meetings.module.css';
import { FormProblem, SaveCancel } from '../../app/FormActions';

interface Props {
  meetingId: string;
  meta: MeetingMeta;
  onDone(): void;
}

/** The secretariat edits the meeting's details in place; only what changed is sent, so a colleague's concurrent edit of another field survives. */
export function MetaEditor({ meetingId, meta, onDone }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const [initial] = useState(() => draftFrom(meta, t));
  const [draft, setDraft] = useState(initial);
  const [localErrors, setLocalErrors] = useState<Partial<Record<MeetingField, string>>>({});
  const { run, error, busy, clearError } = useAction();
  // The offline lease only matters for a confidential meeting; it is kept (not reset) otherwise.
  const leaseId = useId();
  const [lease, setLease] = useState(String(meta.offlineLeaseDays));
  const [leaseError, setLeaseError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { values, errors } = validateDraft(draft);
    setLocalErrors(errors);
    clearError();
    if (!values) return;
    // Only the inputs the person touched: a colleague's concurrent edit of another field
    // survives, and a kind shown translated is not rewritten as its translation.
    const patch: Partial<typeof values> = {};
    if (draft.title !== initial.title) patch.title = values.title;
    if (draft.kind !== initial.kind) patch.kind = values.kind;
    if (draft.start !== initial.start) patch.startsAt = values.startsAt;
    if (draft.end !== initial.end) patch.endsAt = values.endsAt;
    if (draft.venue !== initial.venue) patch.venue = values.venue;
    if (draft.confidentiality !== initial.confidentiality) patch.confidentiality = values.confidentiality;
    const leaseDays = OfflineLeaseDays.safeParse(Number(lease));
    setLeaseError(leaseDays.success || lease.trim() === '' ? null : t('meetingForm.errors.leaseDays'));
    if (!leaseDays.success && lease.trim() !== '') return;
    const leasePatch = leaseDays.success && leaseDays.data !== meta.offlineLeaseDays ? { offlineLeaseDays: leaseDays.data } : {};
    if (Object.keys(patch).length === 0 && !('offlineLeaseDays' in leasePatch)) return onDone();
    if (await run(() => client.meetings.updateMeta({ meetingId, patch: { ...patch, ...leasePatch } }))) onDone();
  }

  const remote = splitFieldErrors(error, meetingFields);
  const fieldErrors = { ...translateDraftErrors(localErrors, t), ...remote.byField };
  const formError = error === null ? null : Object.keys(remote.byField).length ? remote.rest : errorText(t, error);

  return (
    <form className={styles.metaEditor} data-testid="meeting-meta-form" onSubmit={submit} noValidate onKeyDown={(e) => e.key === 'Escape' && onDone()}>
      <h1 className="visually-hidden">{meta.title}</h1>
      <FormProblem text={formError} />
      <MeetingFields draft={draft} onChange={setDraft} errors={fieldErrors} testPrefix="meeting-meta" autoFocus />
      {draft.confidentiality === 'confidential' && (
        <div className="field">
          <label htmlFor={leaseId}>{t('meetingForm.offlineLeaseDays')}</label>
          <input
            id={leaseId}
            type="number"
            min={1}
            max={365}
            step={1}
            data-testid="meeting-meta-lease-days"
            value={lease}
            onChange={(e) => setLease(e.target.value)}
            aria-invalid={leaseError ? true : undefined}
            aria-describedby={`${leaseId}-hint${leaseError ? ` ${leaseId}-error` : ''}`}
          />
          <small id={`${leaseId}-hint`} className="field-hint">
            {t('meetingForm.offlineLeaseHint')}
          </small>
          {leaseError && (
            <span className="field-error" id={`${leaseId}-error`} role="alert">
              {leaseError}
            </span>
          )}
        </div>
      )}
      <SaveCancel saveLabel={t('common.save')} cancelLabel={t('common.cancel')} saveTestId="meeting-meta-save" onCancel={onDone} disabled={busy} />
    </form>
  );
}
