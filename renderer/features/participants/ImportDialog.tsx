import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '../../../shared/contract';
import type { ImportProblem } from '../../../shared/domain/participants-import';
import { useClient, useFileRef } from '../../app/connection';
import { CopyButton } from '../../app/CopyButton';
import { Dialog } from '../../app/Dialog';
import { ErrorNotice } from '../../app/ErrorNotice';
import { credentialsCsv, credentialsText, downloadText, type Credential } from './credentials';
import { useAction } from '../../app/useAction';
import styles from './participants.module.css';
import { DataTable } from '../../app/DataTable';

interface Props {
  meetingId: string;
  file: File;
  preview: ImportPreview;
  onImported(added: { userId: string; username: string }[]): void;
  onClose(): void;
}

type Line = { kind: 'row'; row: ImportPreview['rows'][number] } | { kind: 'problem'; row: number; problems: ImportProblem[] };

/**
 * What the file will do, before it does it: every row, every problem on its row, and the
 * sites it will create. The import is all or nothing, so it is refused while any row is wrong.
 */
export function ImportDialog({ meetingId, file, preview, onImported, onClose }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const fileRef = useFileRef();
  const { run, error, busy, clearError } = useAction();
  const [result, setResult] = useState<{ credentials: Credential[]; createdSites: string[] } | null>(null);

  const byRow = new Map<number, ImportProblem[]>();
  for (const p of preview.problems) {
    const list = byRow.get(p.row);
    if (list) list.push(p);
    else byRow.set(p.row, [p]);
  }
  const lines: Line[] = [...preview.rows.map((row): Line => ({ kind: 'row', row })), ...[...byRow].map(([row, problems]): Line => ({ kind: 'problem', row, problems }))];
  lines.sort((a, b) => (a.kind === 'row' ? a.row.row : a.row) - (b.kind === 'row' ? b.row.row : b.row));
  const blocked = preview.problems.length > 0 || preview.rows.length === 0;
  const existingAccounts = preview.rows.filter((r) => r.account).length;

  async function doImport() {
    await run(async () => {
      // The file is handed over again rather than reusing the preview's staged copy, which the core may have released.
      const res = await client.participants.import({ meetingId, file: await fileRef(file) });
      // The server says which name each person has (an existing account keeps its own).
      setResult({ credentials: res.added.map((a) => ({ name: a.displayName, username: a.username, initialPassword: a.initialPassword })), createdSites: res.createdSites });
      onImported(res.added);
    });
  }

  if (result) {
    const existing = t('participants.existingShort');
    const headers = [t('participants.name'), t('participants.username'), t('participants.initialPassword')] as const;
    // "I have saved the passwords" only when a password was shown.
    const anyPassword = result.credentials.some((c) => c.initialPassword !== null);
    return (
      <Dialog
        title={t('participants.importDone')}
        onClose={onClose}
        wide
        closeOnEscape={false}
        testId="import-result-dialog"
        footer={
          <button type="button" className="btn btn-primary" data-testid="import-result-close" onClick={onClose}>
            {anyPassword ? t('participants.passwordNoted') : t('participants.close')}
          </button>
        }
      >
        <div data-testid="import-result">
          <p className="dialog-lead">
            {t('participants.importedCount', { count: result.credentials.length })}
            {result.createdSites.length > 0 && ` ${t('participants.sitesCreated', { names: result.createdSites.join(', ') })}`}
          </p>
          {anyPassword && (
            <p className="notice notice-warn" role="note">
              {t('participants.passwordsOnce')}
            </p>
          )}
          <div className={styles.resultTools}>
            <CopyButton text={credentialsText(result.credentials, existing)} label={t('participants.copyAll')} testId="import-copy-all" />
            <button
              type="button"
              className="btn btn-small"
              data-testid="import-download"
              onClick={() => downloadText(credentialsCsv(result.credentials, headers, existing), `${t('participants.credentialsFile')}-${meetingId}.csv`)}
            >
              {t('participants.downloadCsv')}
            </button>
          </div>
          <DataTable columns={headers}>
            {result.credentials.map((c) => (
              <tr key={c.username} data-testid="import-result-row" data-username={c.username}>
                <td>{c.name}</td>
                <td>
                  <code>{c.username}</code>
                </td>
                <td>{c.initialPassword ? <code className={styles.secretInline}>{c.initialPassword}</code> : <span className="muted">{existing}</span>}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      title={t('participants.previewTitle', { name: file.name })}
      onClose={onClose}
      wide
      testId="import-preview-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" data-testid="import-confirm" disabled={blocked || busy} onClick={() => void doImport()}>
            {busy ? t('participants.importing') : t('participants.importConfirm', { count: preview.rows.length })}
          </button>
        </>
      }
    >
      <div data-testid="import-preview" data-problems={preview.problems.length}>
        <p className="dialog-lead">
          {t('participants.previewSummary', { count: preview.rows.length })} <span className="muted">({t('participants.encoding', { encoding: preview.encoding })})</span>
        </p>
        {preview.problems.length > 0 && (
          <p className="notice notice-error" role="alert">
            {t('participants.previewProblems', { count: preview.problems.length })}
          </p>
        )}
        {existingAccounts > 0 && (
          <p className="notice notice-info" role="note" data-testid="import-existing-accounts">
            {t('participants.existingAccountsNote', { count: existingAccounts })}
          </p>
        )}
        {preview.rows.length > 0 && preview.rows.every((r) => r.account === undefined) && (
          <p className="notice notice-warn" role="note" data-testid="import-accounts-unchecked">
            {t('participants.accountsUnchecked')}
          </p>
        )}
        {preview.newSites.length > 0 && (
          <div className="notice notice-info" data-testid="import-new-sites">
            <span>
              {t('participants.newSites', { count: preview.newSites.length })} <strong>{preview.newSites.join(', ')}</strong>
            </span>
          </div>
        )}
        <ErrorNotice error={error} onDismiss={clearError} />
        <DataTable columns={[{ label: t('participants.row'), className: 'num' }, t('participants.name'), t('participants.username'), t('participants.position'), t('participants.unit'), t('participants.role'), t('participants.site'), t('participants.email')]} className={styles.importTable}>
          {lines.map((line) =>
            line.kind === 'row' ? (
              <tr key={`r${line.row.row}`} className={line.row.account ? 'is-existing-account' : undefined} data-testid="import-row" data-existing-account={line.row.account ? 'true' : undefined}>
                <td className="num">{line.row.row}</td>
                <td>
                  {/* The account's name is the one the meeting will show. */}
                  {line.row.account ? line.row.account.displayName : line.row.name}
                  {line.row.account && (
                    <span className="tag tag-account" data-testid="import-account-tag" title={line.row.account.displayName !== line.row.name ? line.row.name : undefined}>
                      {t('participants.accountTag', { name: line.row.account.displayName })}
                    </span>
                  )}
                </td>
                <td>
                  <code>{line.row.username}</code>
                </td>
                <td>{line.row.position}</td>
                <td>{line.row.unit}</td>
                <td>{t(`roles.${line.row.role}`)}</td>
                <td>
                  {line.row.site}
                  {line.row.site && preview.newSites.includes(line.row.site) && <span className="tag tag-new">{t('participants.newTag')}</span>}
                </td>
                <td>{line.row.email}</td>
              </tr>
            ) : (
              <tr key={`p${line.row}`} className={styles.isProblem}>
                <td className="num">{line.row}</td>
                <td colSpan={7}>
                  <ul className={styles.problemList}>
                    {line.problems.map((p, i) => (
                      <li key={i} data-testid="import-problem" data-row={p.row} data-column={p.column}>
                        {p.column && <span className={styles.problemColumn}>{t(`participants.columns.${p.column}`, { defaultValue: p.column })}:</span>} {p.message}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ),
          )}
        </DataTable>
      </div>
    </Dialog>
  );
}
