import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../shared/organisations';
import { useClient, useFileRef } from '../../app/connection';
import { errorText } from '../../app/errors';
import { formatDate } from '../../app/format';
import { useAction } from '../../app/useAction';
import { Field } from '../../app/Field';
import { InlineForm } from './InlineForm';
import { currentLanguage } from '../../i18n';
import { toneClass } from '../../app/tone';
import { CERTIFICATE_TONE, certificateRefusal, certificateState, certificateText } from './model';
import styles from './organisations.module.css';

interface Props {
  organisation: Organisation;
  admin: boolean;
  onChanged(o: Organisation): void;
}

/**
 * The signing certificate: what is configured (subject, validity, demo or not); a PKCS#12
 * file and its password, which the server checks before keeping (a refusal says why, in the
 * UI language, and changes nothing); or, for an administrator, a self-signed demo one.
 */
export function CertificatePanel({ organisation, admin, onChanged }: Props) {
  const { t } = useTranslation('organisations');
  const { t: tc } = useTranslation();
  const client = useClient();
  const fileRef = useFileRef();
  const lang = currentLanguage();
  const { run, error, running, clearError } = useAction<'upload' | 'demo'>();
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [saved, setSaved] = useState(false);
  const [inputKey, setInputKey] = useState(0);
  const cert = organisation.certificate;
  const state = certificateState(organisation, Date.now());
  const zone = organisation.timeZone;

  async function upload() {
    if (!file) return;
    setSaved(false);
    const ok = await run(async () => onChanged(await client.organisations.setCertificate({ organisationId: organisation.id, file: await fileRef(file), password })), 'upload');
    if (ok) {
      setSaved(true);
      setPassword('');
      setFile(null);
      setInputKey((k) => k + 1);
    }
  }

  async function demo() {
    setSaved(false);
    if (await run(async () => onChanged(await client.organisations.demoCertificate({ organisationId: organisation.id })), 'demo')) setSaved(true);
  }

  return (
    <div data-testid="certificate-panel">
      <p className={styles.intro}>{t('certificate.intro')}</p>
      <div className={styles.certCard} data-testid="certificate-state" data-state={state.kind}>
        <span className={`${styles.cert} ${toneClass(CERTIFICATE_TONE[state.kind])}`}>{certificateText(t, state, lang, zone)}</span>
        {cert ? (
          <dl className={styles.certFacts}>
            <dt>{t('certificate.subject')}</dt>
            <dd className={styles.mono} data-testid="certificate-subject">
              {cert.subject}
            </dd>
            <dt>{t('certificate.validUntil')}</dt>
            <dd>{formatDate(cert.notAfter, lang, zone)}</dd>
            <dt>{t('certificate.kind')}</dt>
            <dd>{cert.demo ? t('certificate.demoKind') : t('certificate.realKind')}</dd>
          </dl>
        ) : (
          <p className={styles.muted}>{t('certificate.none')}</p>
        )}
        {state.kind === 'expired' && <p className="notice notice-warn">{t('certificate.expired')}</p>}
      </div>

      <InlineForm
        title={t('certificate.upload')}
        className={styles.certForm}
        onSubmit={() => void upload()}
        line={
          <>
            <Field htmlFor="cert-file" label={t('certificate.file')}>
              <input key={inputKey} id="cert-file" data-testid="cert-file" type="file" accept=".p12,.pfx,application/x-pkcs12" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </Field>
            <Field htmlFor="cert-password" label={t('certificate.password')}>
              <input id="cert-password" data-testid="cert-password" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
            </Field>
            <button type="submit" className="btn btn-primary" data-testid="cert-upload" disabled={running !== null || !file}>
              {t('certificate.submit')}
            </button>
          </>
        }
      />

      {admin && (
        <div className={styles.demoRow}>
          <button type="button" className="btn" data-testid="cert-demo" onClick={() => void demo()} disabled={running !== null}>
            {t('certificate.demo')}
          </button>
          <span className="field-hint">{t('certificate.demoHint')}</span>
        </div>
      )}

      {error !== null && (
        <div className="notice notice-error" role="alert" data-testid="certificate-error">
          <span>{certificateRefusal(t, error, lang) ?? errorText(tc, error)}</span>
          <button type="button" className="btn-close" aria-label={tc('common.dismiss')} onClick={clearError}>
            ×
          </button>
        </div>
      )}
      {saved && error === null && (
        <p className={styles.saved} role="status" data-testid="certificate-saved">
          {t('certificate.saved')}
        </p>
      )}
    </div>
  );
}
