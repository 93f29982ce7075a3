import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { PollKind } from '../../../shared/domain/tally';
import type { PollView } from '../../../shared/ydoc/live';
import { useClient } from '../../app/connection';
import { Field } from '../../app/Field';
import { Dialog, SubmitFooter } from '../../app/Dialog';
import { errorText } from '../../app/errors';
import { splitFieldErrors } from '../../app/fieldErrors';
import { definitionFromDraft, draftFromPoll, emptyDraft, errorFields, type Draft, type ErrorField } from './builderModel';
import { EligibilityField } from './EligibilityField';
import { TellersField } from './TellersField';
import { OptionsEditor } from './OptionsEditor';
import { RulesFields } from './RulesFields';
import { visibleText } from '../../app/visible-text';
import { useAction } from '../../app/useAction';
import styles from './voting.module.css';
import { Options } from '../../app/Options';

interface Props {
  view: MeetingView;
  /** Editing a draft; absent to create one. */
  poll?: PollView;
  agendaItemId?: string | null;
  onClose(): void;
}

const kinds: PollKind[] = ['approve', 'single', 'multiple', 'election'];

/** Creates or edits a draft poll. Only drafts can change: once open, the rules are fixed. */
export function PollBuilder({ view, poll, agendaItemId = null, onClose }: Props) {
  const { t } = useTranslation('voting');
  const tc = useTranslation().t;
  const client = useClient();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => (poll ? draftFromPoll(poll) : emptyDraft(agendaItemId)));
  const { run, error, busy } = useAction();
  const patch = (p: Partial<Draft>) => setDraft((d) => ({ ...d, ...p }));

  const { byField, rest } = splitFieldErrors<ErrorField>(error, errorFields);
  const fieldError = (...names: ErrorField[]) => names.map((n) => byField[n]).filter(Boolean).join(' ') || undefined;
  // An error that names no field of the form (forbidden, offline…) is shown above it.
  const general = error !== null && Object.keys(byField).length === 0 ? (rest ?? errorText(tc, error)) : rest;

  async function save(e: FormEvent) {
    e.preventDefault();
    const saved = await run(async () => {
      const definition = definitionFromDraft(draft);
      if (poll) await client.polls.update({ meetingId: view.id, pollId: poll.id, agendaItemId: draft.agendaItemId, definition });
      else await client.polls.create({ meetingId: view.id, agendaItemId: draft.agendaItemId, definition });
    });
    if (saved) onClose();
  }

  const multi = draft.kind === 'multiple' || draft.kind === 'election';
  const formId = `${id}-form`;
  return (
    <Dialog
      title={poll ? t('builder.editTitle') : t('builder.createTitle')}
      onClose={onClose}
      wide
      closeOnEscape={false}
      testId="poll-builder"
      footer={<SubmitFooter formId={formId} label={busy ? t('builder.saving') : t('builder.save')} testId="poll-save" busy={busy} onCancel={onClose} />}
    >
      <form id={formId} className={`${styles.vtBuilder} form-grid`} onSubmit={(e) => void save(e)} noValidate>
        {general && (
          <p className="notice notice-error span-2" role="alert" data-testid="poll-builder-error">
            {general}
          </p>
        )}
        <Field htmlFor={`${id}-q`} label={t('builder.question')} required error={byField.question} className="span-2">
          <textarea
            id={`${id}-q`}
            data-testid="poll-question"
            rows={2}
            value={draft.question}
            maxLength={2000}
            placeholder={t('builder.questionPlaceholder')}
            aria-invalid={byField.question ? true : undefined}
            onChange={(e) => patch({ question: e.target.value })}
          />
        </Field>

        <Field htmlFor={`${id}-kind`} label={t('builder.kind')} hint={t(`kindHint.${draft.kind}`)}>
          <select id={`${id}-kind`} data-testid="poll-kind" value={draft.kind} onChange={(e) => patch({ kind: e.target.value as PollKind })}>
            <Options values={kinds} label={(k) => t(`kind.${k}`)} />
          </select>
        </Field>
        <Field htmlFor={`${id}-item`} label={t('builder.agendaItem')}>
          <select id={`${id}-item`} value={draft.agendaItemId ?? ''} onChange={(e) => patch({ agendaItemId: e.target.value || null })}>
            <option value="">{t('builder.noItem')}</option>
            {view.content.agenda.map((a) => (
              <option key={a.id} value={a.id}>
                {a.number}. {visibleText(a.title)}
              </option>
            ))}
          </select>
        </Field>

        {draft.kind !== 'approve' && <OptionsEditor options={draft.options} election={draft.kind === 'election'} error={fieldError('options', 'label')} onChange={(options) => patch({ options })} />}
        {multi && (
          <div className={`${styles.vtCounts} span-2`}>
            {draft.kind === 'multiple' && (
              <NumberField label={t('builder.minChoices')} value={draft.minChoices} min={0} error={byField.minChoices} onChange={(minChoices) => patch({ minChoices })} />
            )}
            <NumberField label={draft.kind === 'election' ? t('builder.maxPerBallot') : t('builder.maxChoices')} value={draft.maxChoices} min={1} error={byField.maxChoices} onChange={(maxChoices) => patch({ maxChoices })} />
            {draft.kind === 'election' && <NumberField label={t('builder.seats')} value={draft.seats} min={1} error={byField.seats} onChange={(seats) => patch({ seats })} />}
          </div>
        )}

        <fieldset className={`${styles.vtFieldset} span-2`}>
          <legend>{t('builder.ballotType')}</legend>
          <label className={styles.vtCheck}>
            <input type="checkbox" data-testid="poll-secret" checked={draft.secret} onChange={(e) => patch({ secret: e.target.checked, allowChange: e.target.checked ? false : draft.allowChange })} />
            <span>
              <strong>{t('builder.secret')}</strong>
              <span className="field-hint">{t('builder.secretHint')}</span>
            </span>
          </label>
          <label className={`${styles.vtCheck}${draft.secret ? ` ${styles.isDisabled}` : ''}`}>
            <input type="checkbox" data-testid="poll-allow-change" checked={draft.allowChange && !draft.secret} disabled={draft.secret} onChange={(e) => patch({ allowChange: e.target.checked })} />
            <span>
              <strong>{t('builder.allowChange')}</strong>
              <span className="field-hint">{draft.secret ? t('builder.allowChangeSecret') : t('builder.allowChangeHint')}</span>
            </span>
          </label>
          {byField.allowChange && <p className="field-error">{byField.allowChange}</p>}
        </fieldset>

        {draft.secret && <TellersField view={view} draft={draft} error={fieldError('tellers', 'threshold')} onChange={patch} />}
        <EligibilityField view={view} draft={draft} error={fieldError('eligibility', 'userIds')} onChange={patch} />
        <RulesFields draft={draft} errors={{ majority: fieldError('majority', 'fraction'), quorum: byField.quorum }} onChange={patch} />

        <Field htmlFor={`${id}-mode`} label={t('builder.mode')} hint={t(`modeHint.${draft.mode}`)}>
          <select id={`${id}-mode`} data-testid="poll-mode" value={draft.mode} onChange={(e) => patch({ mode: e.target.value as Draft['mode'] })}>
            <option value="meeting">{t('mode.meeting')}</option>
            <option value="written">{t('mode.written')}</option>
          </select>
        </Field>
        {draft.mode === 'written' ? (
          <Field htmlFor={`${id}-deadline`} label={t('builder.deadline')} required hint={t('builder.deadlineHint')} error={byField.deadline}>
            <input
              id={`${id}-deadline`}
              type="datetime-local"
              data-testid="poll-deadline"
              value={draft.deadline}
              aria-invalid={byField.deadline ? true : undefined}
              onChange={(e) => patch({ deadline: e.target.value })}
            />
          </Field>
        ) : (
          <Field htmlFor={`${id}-dur`} label={t('builder.duration')} hint={t('builder.durationHint')} error={byField.durationSec}>
            <input
              id={`${id}-dur`}
              type="number"
              inputMode="decimal"
              min={0.5}
              step={0.5}
              data-testid="poll-duration"
              value={draft.durationMin}
              placeholder={t('builder.durationNone')}
              aria-invalid={byField.durationSec ? true : undefined}
              onChange={(e) => patch({ durationMin: e.target.value })}
            />
          </Field>
        )}
      </form>
    </Dialog>
  );
}

function NumberField({ label, value, min, error, onChange }: { label: string; value: number; min: number; error?: string; onChange(v: number): void }) {
  const id = useId();
  return (
    <Field htmlFor={id} label={label} error={error}>
      <input id={id} type="number" min={min} max={500} value={value} aria-invalid={error ? true : undefined} onChange={(e) => onChange(Math.max(min, Math.round(Number(e.target.value) || min)))} />
    </Field>
  );
}
