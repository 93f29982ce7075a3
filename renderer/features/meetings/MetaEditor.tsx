import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingMeta } from '../../../shared/ydoc/meeting';
import { useClient } from '../../app/connection';
import { errorText } from '../../app/errors';
import { splitFieldErrors } from '../../app/fieldErrors';
import { draftFrom, meetingFields, MeetingFields, translateDraftErrors, validateDraft, type MeetingField } from './MeetingFields';

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
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { values, errors } = validateDraft(draft);
    setLocalErrors(errors);
    setError(null);
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
    if (Object.keys(patch).length === 0) return onDone();
    setBusy(true);
    try {
      await client.meetings.updateMeta({ meetingId, patch });
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const remote = splitFieldErrors(error, meetingFields);
  const fieldErrors = { ...translateDraftErrors(localErrors, t), ...remote.byField };
  const formError = error === null ? null : Object.keys(remote.byField).length ? remote.rest : errorText(t, error);

  return (
    <form className="meta-editor" data-testid="meeting-meta-form" onSubmit={submit} noValidate onKeyDown={(e) => e.key === 'Escape' && onDone()}>
      <h1 className="visually-hidden">{meta.title}</h1>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <MeetingFields draft={draft} onChange={setDraft} errors={fieldErrors} testPrefix="meeting-meta" autoFocus />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="meeting-meta-save" disabled={busy}>
          {t('common.save')}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
