import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VerifyDocumentResponse } from '../../../shared/organisations';
import { useClient } from '../../app/connection';
import styles from './notices.module.css';
import { ErrorNotice } from '../../app/ErrorNotice';
import { formatDateTime } from '../../app/format';
import { useAction } from '../../app/useAction';
import { visibleText } from '../../app/visible-text';
import { currentLanguage } from '../../i18n';

const maxBytes = 20 * 1024 * 1024;

/** The signer's common name from its certificate subject ("CN=…, O=…"), else the subject. */
const signerName = (subject: string) => /(?:^|,\s*)CN=([^,]+)/.exec(subject)?.[1] ?? subject;

/** Base64 of a file's bytes, in slices: one call on 20 MB would overflow the argument list. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * "Kiểm tra văn bản đã ký": someone who received a notice or minutes as a PDF learns
 * whether it is the record this server issued, byte for byte, with a valid signature — or
 * a changed copy of one, or not ours. The file is read on the device and checked by the
 * server against its register.
 */
export function VerifyDocument() {
  const { t } = useTranslation('records');
  const client = useClient();
  const inputId = useId();
  const { run, busy, error } = useAction();
  const [result, setResult] = useState<{ fileName: string; report: VerifyDocumentResponse } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const lang = currentLanguage();

  async function check(file: File) {
    setResult(null);
    setProblem(null);
    if (file.size > maxBytes) return setProblem(t('verify.tooLarge'));
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (String.fromCharCode(...bytes.subarray(0, 5)) !== '%PDF-') return setProblem(t('verify.notPdf'));
    await run(async () => setResult({ fileName: file.name, report: await client.notices.verify({ base64: toBase64(bytes) }) }));
  }

  const r = result?.report;
  return (
    <section className={styles.ntVerify} aria-labelledby={`${inputId}-title`} data-testid="verify-document">
      <h4 className="panel-subtitle" id={`${inputId}-title`}>
        {t('verify.title')}
      </h4>
      <p className="muted">{t('verify.lead')}</p>
      <label className="btn btn-small" htmlFor={inputId}>
        {busy ? t('verify.checking') : t('verify.choose')}
      </label>
      <input
        id={inputId}
        className="visually-hidden"
        type="file"
        accept="application/pdf,.pdf"
        disabled={busy}
        data-testid="verify-document-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void check(file);
        }}
      />
      <ErrorNotice error={error} />
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {r && result && (
        <div className={`notice ${styles.ntVerdict} ${r.verdict === 'issued' ? 'notice-info' : 'notice-warn'}`} role="status" data-testid="verify-verdict" data-verdict={r.verdict}>
          <p>
            <strong>{t(`verify.${r.verdict}`)}</strong>
          </p>
          <p className="muted">{t('verify.file', { name: visibleText(result.fileName) })}</p>
          {r.record && (
            <ul className="plain-list">
              <li>{t('verify.record', { kind: t(`kind.${r.record.kind}`), number: r.record.number, organisation: visibleText(r.record.organisation.name) })}</li>
              <li>{t('verify.meeting', { title: visibleText(r.record.meeting.title) })}</li>
              <li>{t('verify.issuedAt', { when: formatDateTime(r.record.finalisedAt, lang) })}</li>
              {r.signature?.signer && <li>{t('verify.signer', { name: visibleText(signerName(r.signature.signer)) })}</li>}
              {r.record.replacedBy && <li>{t('verify.replacedBy', { number: r.record.replacedBy.number })}</li>}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
