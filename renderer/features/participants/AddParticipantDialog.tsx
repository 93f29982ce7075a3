import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MeetingRole } from '../../../shared/roles';
import type { SiteView } from '../../../shared/ydoc/meeting';
import { useClient } from '../../app/connection';
import { CopyButton } from '../../app/CopyButton';
import { Dialog, SubmitFooter } from '../../app/Dialog';
import { errorText } from '../../app/errors';
import { splitFieldErrors } from '../../app/fieldErrors';
import { RoleOptions } from './RoleOptions';
import { useAction } from '../../app/useAction';
import styles from './participants.module.css';
import { SiteOptions } from '../sites';

type Field = 'name' | 'username' | 'position' | 'unit' | 'role' | 'siteId' | 'email';
const fields: readonly Field[] = ['name', 'username', 'position', 'unit', 'role', 'siteId', 'email'];

interface Props {
  meetingId: string;
  sites: readonly SiteView[];
  onAdded(userId: string, username: string): void;
  onClose(): void;
}

interface Added {
  username: string;
  initialPassword: string | null;
  /** The name the meeting shows: an existing account's own. */
  displayName: string;
  existingAccount: boolean;
  /** What the secretariat typed, to say so when the account's name differs. */
  typed: string;
}

/** One participant; a new account's password is shown here once and never again. */
export function AddParticipantDialog({ meetingId, sites, onAdded, onClose }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [form, setForm] = useState({ name: '', username: '', position: '', unit: '', role: 'delegate' as MeetingRole, siteId: '', email: '' });
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const { run, error, busy, clearError } = useAction();
  const [added, setAdded] = useState<Added | null>(null);
  const set = (key: keyof typeof form, value: string) => setForm((f) => ({ ...f, [key]: value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: Partial<Record<Field, string>> = {};
    if (!form.name.trim()) problems.name = t('participants.errors.name');
    if (!/^[a-z0-9._-]{2,64}$/.test(form.username.trim().toLowerCase())) problems.username = t('participants.errors.username');
    if (form.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) problems.email = t('participants.errors.email');
    setLocal(problems);
    clearError();
    if (Object.keys(problems).length) return;
    await run(async () => {
      const res = await client.participants.add({
        meetingId,
        participant: {
          name: form.name.trim(),
          username: form.username.trim().toLowerCase(),
          position: form.position.trim() || null,
          unit: form.unit.trim() || null,
          role: form.role,
          siteId: form.siteId || null,
          email: form.email.trim() || null,
        },
      });
      const first = res.added[0];
      if (first) {
        onAdded(first.userId, first.username);
        setAdded({ username: first.username, initialPassword: first.initialPassword, displayName: first.displayName, existingAccount: first.existingAccount, typed: form.name.trim() });
      } else onClose();
    });
  }

  if (added) {
    return (
      <Dialog
        title={t('participants.addedTitle')}
        onClose={onClose}
        testId="participant-added-dialog"
        closeOnEscape={false}
        footer={
          // "I have saved the password" only when there was a password to save.
          <button type="button" className="btn btn-primary" data-testid="participant-added-close" onClick={onClose}>
            {added.initialPassword ? t('participants.passwordNoted') : t('participants.close')}
          </button>
        }
      >
        {added.initialPassword ? (
          <>
            <p className="dialog-lead">{t('participants.addedLead', { username: added.username })}</p>
            <div className={styles.secretBox}>
              <div>
                <span className={styles.secretLabel}>{t('participants.username')}</span>
                <code className={styles.secretValue}>{added.username}</code>
              </div>
              <div>
                <span className={styles.secretLabel}>{t('participants.initialPassword')}</span>
                <code className={styles.secretValue} data-testid="participant-initial-password">
                  {added.initialPassword}
                </code>
              </div>
              <CopyButton text={added.initialPassword} testId="participant-copy-password" />
            </div>
            <p className="notice notice-warn" role="note">
              {t('participants.passwordOnce')}
            </p>
          </>
        ) : (
          <>
            <p className="dialog-lead" data-testid="participant-existing-account">
              {t('participants.existingAccount', { username: added.username, name: added.displayName })}
            </p>
            {added.existingAccount && added.typed !== added.displayName && (
              <p className="notice notice-info" role="note" data-testid="participant-name-differs">
                {t('participants.existingNameDiffers', { typed: added.typed, name: added.displayName })}
              </p>
            )}
          </>
        )}
      </Dialog>
    );
  }

  const remote = splitFieldErrors(error, fields);
  const errors = { ...local, ...remote.byField };
  const formError = error === null ? null : Object.keys(remote.byField).length ? remote.rest : errorText(t, error);
  const input = (key: Exclude<Field, 'role' | 'siteId'>, label: string, extra: { type?: string; required?: boolean; hint?: string } = {}) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>
        {label}
        {extra.required && <span className="required" aria-hidden="true"> *</span>}
      </label>
      <input
        id={`${id}-${key}`}
        data-testid={`participant-form-${key}`}
        type={extra.type ?? 'text'}
        value={form[key]}
        required={extra.required}
        autoFocus={key === 'name'}
        autoComplete="off"
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={errors[key] ? `${id}-${key}-error` : extra.hint ? `${id}-${key}-hint` : undefined}
        onChange={(e) => set(key, e.target.value)}
      />
      {extra.hint && !errors[key] && (
        <span className="field-hint" id={`${id}-${key}-hint`}>
          {extra.hint}
        </span>
      )}
      {errors[key] && (
        <span className="field-error" id={`${id}-${key}-error`}>
          {errors[key]}
        </span>
      )}
    </div>
  );

  return (
    <Dialog
      title={t('participants.addTitle')}
      onClose={onClose}
      testId="participant-add-dialog"
      footer={<SubmitFooter formId={`${id}-form`} label={t('participants.add')} testId="participant-form-submit" busy={busy} onCancel={onClose} />}
    >
      <form id={`${id}-form`} onSubmit={submit} noValidate>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <div className="form-grid">
          {input('name', t('participants.name'), { required: true })}
          {input('username', t('participants.username'), { required: true, hint: t('participants.usernameHint') })}
          {input('position', t('participants.position'))}
          {input('unit', t('participants.unit'))}
          <div className="field">
            <label htmlFor={`${id}-role`}>{t('participants.role')}</label>
            <select id={`${id}-role`} data-testid="participant-form-role" value={form.role} onChange={(e) => set('role', MeetingRole.parse(e.target.value))}>
              <RoleOptions />
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-site`}>{t('participants.site')}</label>
            <select id={`${id}-site`} data-testid="participant-form-site" value={form.siteId} onChange={(e) => set('siteId', e.target.value)}>
              <option value="">{t('participants.noSite')}</option>
              <SiteOptions sites={sites} />
            </select>
          </div>
          <div className="span-2">{input('email', t('participants.email'), { type: 'email' })}</div>
        </div>
      </form>
    </Dialog>
  );
}
