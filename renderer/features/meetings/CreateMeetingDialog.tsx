import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingSummary } from '../../../shared/api/meetings';
import { useClient } from '../../app/connection';
import { Dialog, SubmitFooter } from '../../app/Dialog';
import { errorText } from '../../app/errors';
import { splitFieldErrors } from '../../app/fieldErrors';
import { emptyDraft, meetingFields, MeetingFields, translateDraftErrors, validateDraft, type MeetingField } from './MeetingFields';
import { useAction } from '../../app/useAction';

interface Props {
  onCreated(meeting: MeetingSummary): void;
  onClose(): void;
}

/** A new meeting starts as a draft only the secretariat sees. */
export function CreateMeetingDialog({ onCreated, onClose }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const [draft, setDraft] = useState(emptyDraft);
  const [localErrors, setLocalErrors] = useState<Partial<Record<MeetingField, string>>>({});
  const { run, error, busy, clearError } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const { values, errors } = validateDraft(draft);
    setLocalErrors(errors);
    clearError();
    if (!values) return;
    await run(async () => onCreated(await client.meetings.create(values)));
  }

  const remote = splitFieldErrors(error, meetingFields);
  const fieldErrors = { ...translateDraftErrors(localErrors, t), ...remote.byField };
  const formError = error === null ? null : Object.keys(remote.byField).length ? remote.rest : errorText(t, error);

  return (
    <Dialog
      title={t('meetingForm.createTitle')}
      onClose={onClose}
      testId="meeting-create-dialog"
      footer={<SubmitFooter formId="meeting-create-form" label={busy ? t('meetingForm.creating') : t('meetingForm.create')} testId="meeting-create-submit" busy={busy} onCancel={onClose} />}
    >
      <form id="meeting-create-form" onSubmit={submit} noValidate>
        <p className="dialog-lead">{t('meetingForm.createLead')}</p>
        {formError && (
          <p className="form-error" role="alert" data-testid="meeting-create-error">
            {formError}
          </p>
        )}
        <MeetingFields draft={draft} onChange={setDraft} errors={fieldErrors} testPrefix="meeting-create" autoFocus />
      </form>
    </Dialog>
  );
}
