import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conclusion } from '../../../shared/api/conclusions';
import { useClient } from '../../app/connection';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { Field } from '../../app/Field';

/**
 * A final conclusion is never edited in place: a correction is a new version that says
 * why, and the old one stays in the audit log. The reason is required before sending.
 */
export function CorrectionDialog({ meetingId, conclusion, onClose }: { meetingId: string; conclusion: Conclusion; onClose(): void }) {
  const { t } = useTranslation('followup');
  const client = useClient();
  const [text, setText] = useState(conclusion.text);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const reasonMissing = reason.trim() === '';
  const textMissing = text.trim() === '';

  async function save() {
    setTried(true);
    if (reasonMissing || textMissing) return false;
    await client.conclusions.correct({ meetingId, agendaItemId: conclusion.agendaItemId, text, pollRefs: conclusion.pollRefs, reason });
  }


  return (
    <ConfirmDialog
      title={t('correct.title', { version: conclusion.version + 1 })}
      onClose={onClose}
      testId="conclusion-correct-dialog"
      confirmTestId="conclusion-confirm"
      confirmLabel={t('correct.save')}
      wide
      closeOnEscape={false}
      onConfirm={save}
    >
      <p className="dialog-lead">{t('correct.lead')}</p>
      <Field htmlFor="fu-correct-text" label={t('correct.text')}>
        <textarea id="fu-correct-text" className="fu-textarea" data-testid="conclusion-text" rows={6} value={text} aria-invalid={tried && textMissing} onChange={(e) => setText(e.target.value)} />
      </Field>
      <Field htmlFor="fu-correct-reason" label={t('correct.reason')} required error={tried && reasonMissing && t('correct.reasonRequired')} errorId="fu-correct-reason-error">
        <textarea
          id="fu-correct-reason"
          className="fu-textarea fu-textarea-short"
          data-testid="conclusion-reason"
          rows={2}
          value={reason}
          placeholder={t('correct.reasonPlaceholder')}
          aria-invalid={tried && reasonMissing}
          aria-describedby={tried && reasonMissing ? 'fu-correct-reason-error' : undefined}
          onChange={(e) => setReason(e.target.value)}
        />
      </Field>
    </ConfirmDialog>
  );
}
