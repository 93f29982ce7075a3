import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { organisationKinds, type Organisation } from '../../../shared/organisations';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { Field } from '../../app/Field';
import { useAction } from '../../app/useAction';
import { LetterheadPreview } from './LetterheadPreview';
import { changedFields, draftOf, emptyDraft, fieldsOf, type LetterheadDraft } from './model';
import styles from './organisations.module.css';
import { Options } from '../../app/Options';

interface Props {
  /** The organisation to edit; null creates one (administrators). */
  organisation: Organisation | null;
  readOnly: boolean;
  onSaved(o: Organisation): void;
  onCancel?(): void;
}

/** The letterhead and signer, with a live preview of how a notice of the organisation will read. */
export function LetterheadForm({ organisation, readOnly, onSaved, onCancel }: Props) {
  const { t } = useTranslation('organisations');
  const client = useClient();
  const { run, error, busy, clearError } = useAction();
  const [draft, setDraft] = useState<LetterheadDraft>(organisation ? draftOf(organisation) : emptyDraft);
  const [saved, setSaved] = useState(false);
  const set = (k: keyof LetterheadDraft) => (e: { target: { value: string } }) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [k]: e.target.value }));
  };
  const changes = organisation ? changedFields(organisation, draft) : null;
  const dirty = !organisation || Object.keys(changes!).length > 0;

  async function save() {
    await run(async () => {
      const o = organisation
        ? await client.organisations.update({ organisationId: organisation.id, fields: changes! })
        : await client.organisations.create({ ...fieldsOf(draft), defaultRecipients: [], timeZone: 'Asia/Ho_Chi_Minh' });
      setSaved(true);
      onSaved(o);
    });
  }

  const field = (id: keyof LetterheadDraft, label: string, input: ReactNode, hint?: string, wide = false) => (
    <Field htmlFor={`org-${id}`} label={label} hint={hint} className={wide ? 'span-2' : undefined}>
      {input}
    </Field>
  );
  const text = (id: keyof LetterheadDraft, placeholder?: string) => (
    <input id={`org-${id}`} data-testid={`org-${id}`} value={draft[id]} onChange={set(id)} placeholder={placeholder} disabled={readOnly || busy} />
  );

  return (
    <form
      className={styles.letterhead}
      data-testid="letterhead-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!readOnly && dirty) void save();
      }}
    >
      <div className={styles.formColumn}>
        <div className="form-grid">
          {field(
            'kind',
            t('form.kind'),
            <select id="org-kind" data-testid="org-kind" value={draft.kind} onChange={set('kind')} disabled={readOnly || busy}>
              <Options values={organisationKinds} label={(k) => t(`kind.${k}`)} />
            </select>,
          )}
          {field('abbreviation', t('form.abbreviation'), text('abbreviation', 'UBND'), t('form.abbreviationHint'))}
          {field('name', t('form.name'), text('name', t('form.namePlaceholder')), undefined, true)}
          {field('parentName', t('form.parent'), text('parentName'), t('form.parentHint'), true)}
          {field('place', t('form.place'), text('place', t('form.placePlaceholder')))}
          {field('sealName', t('form.seal'), text('sealName'), t('form.sealHint'))}
        </div>
        <fieldset className={styles.signerSet}>
          <legend>{t('form.signer')}</legend>
          <div className="form-grid">
            {field('authority', t('form.authority'), text('authority', 'TM. ỦY BAN NHÂN DÂN'), t('form.authorityHint'), true)}
            {field('title', t('form.signerTitle'), text('title', t('form.signerTitlePlaceholder')))}
            {field('signerName', t('form.signerName'), text('signerName'))}
          </div>
          {!draft.title.trim() && !draft.signerName.trim() && <p className="field-hint">{t('form.noSigner')}</p>}
        </fieldset>
        <ErrorNotice error={error} onDismiss={clearError} testId="letterhead-error" />
        {!readOnly && (
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" data-testid="letterhead-save" disabled={busy || !dirty}>
              {organisation ? t('save') : t('saveNew')}
            </button>
            {onCancel && (
              <button type="button" className="btn btn-ghost" onClick={onCancel} disabled={busy}>
                {t('cancel')}
              </button>
            )}
            {saved && !dirty && (
              <span className={styles.saved} role="status" data-testid="letterhead-saved">
                {t('saved')}
              </span>
            )}
          </div>
        )}
      </div>
      <LetterheadPreview draft={draft} />
    </form>
  );
}
