import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditCheckView, MeetingView } from '../../../shared/contract';
import type { AuditProblem, SecretPollCheck } from '../../../shared/api/audit';
import { runsMeeting } from '../../../shared/roles';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useAction } from '../../app/useAction';
import { visibleText } from '../../app/visible-text';
import styles from './audit.module.css';
import { Panel } from '../../app/Panel';

/**
 * "Kiểm chứng" (issue 18): for the chair, vice chair and secretariat. "Verify now" has the
 * server check its audit chain from the first entry, with the heads this device kept from
 * its receipts and from `live/<id>`, the rows against the chain, each secret poll recounted
 * from its encrypted ballots, and what the issued notice and minutes say; the answer is
 * shown as "ok" or as each problem, with the poll, person or document and the field named.
 */
export function AuditPanel({ view }: { view: MeetingView }) {
  const { t } = useTranslation('audit');
  const client = useClient();
  const { run, error, busy, clearError } = useAction();
  const [result, setResult] = useState<AuditCheckView | null>(null);
  if (!runsMeeting(view.role)) return null;

  const verify = () => run(async () => setResult(await client.audit.verify({ meetingId: view.id })));
  const report = result?.report ?? null;
  return (
    <Panel title={t('title')} level={3} subtitle={t('lead')} className={styles.auPanel} testId="audit-panel">
      <div className={styles.auActions}>
        <button type="button" className="btn btn-primary" onClick={() => void verify()} disabled={busy} data-testid="audit-verify">
          {busy ? t('verifying') : t('verifyNow')}
        </button>
      </div>
      <ErrorNotice error={error} onDismiss={clearError} />
      {report && (
        <div className={styles.auResult} role="status" data-testid="audit-result" data-ok={report.ok}>
          <p className={report.ok ? `notice ${styles.auOk}` : 'notice notice-error'}>
            {report.ok ? t('ok', { count: report.length, heads: report.headsChecked, polls: report.pollsChecked }) : t('failed', { count: report.problems.length })}
          </p>
          <p className={styles.auMeta}>
            {t('meta', { length: report.length, head: report.head.slice(0, 16), device: result!.deviceHeads })}
          </p>
          {report.documentsChecked > 0 && <p className={styles.auMeta}>{t('documentsChecked', { count: report.documentsChecked })}</p>}
          {report.secretPolls.length > 0 && (
            <div className={styles.auSecret} data-testid="audit-secret-polls">
              <h4 className={styles.auSubtitle}>{t('secretTitle')}</h4>
              <ul>
                {report.secretPolls.map((s) => (
                  <li key={s.pollId} data-ok={s.proofsOk && s.sharesOk !== false && s.tallyMatches !== false}>
                    <SecretPollLine view={view} s={s} />
                  </li>
                ))}
              </ul>
            </div>
          )}
          {report.problems.length > 0 && (
            <ul className={styles.auProblems} data-testid="audit-problems">
              {report.problems.map((p, i) => (
                <li key={i} data-code={p.code}>
                  <ProblemLine view={view} p={p} />
                </li>
              ))}
            </ul>
          )}
          {report.notes.length > 0 && (
            <details className="au-notes">
              <summary>{t('notes', { count: report.notes.length })}</summary>
              <ul>
                {report.notes.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </Panel>
  );
}

function SecretPollLine({ view, s }: { view: MeetingView; s: SecretPollCheck }) {
  const { t } = useTranslation('audit');
  const poll = view.polls.find((x) => x.id === s.pollId);
  const state = (v: boolean | null) => t(v === null ? 'state.unchecked' : v ? 'state.ok' : 'state.failed');
  const tally = s.tallyMatches === null ? t('state.notOpened') : t(s.tallyMatches ? 'state.matches' : 'state.differs');
  return <>{t('secretLine', { poll: poll ? visibleText(poll.definition.question) : s.pollId, ballots: s.ballots, proofs: state(s.proofsOk), shares: state(s.sharesOk), tally })}</>;
}

function ProblemLine({ view, p }: { view: MeetingView; p: AuditProblem }) {
  const { t } = useTranslation('audit');
  const poll = p.pollId ? view.polls.find((x) => x.id === p.pollId) : undefined;
  const person = p.row ? view.content.participants.find((x) => x.id === p.row) : undefined;
  // Names come from what people typed: shown with control and direction characters made visible.
  const params = {
    poll: poll ? visibleText(poll.definition.question) : (p.pollId ?? ''),
    row: person ? visibleText(person.name) : (p.row ?? ''),
    field: p.field ?? '',
    // Values can quote what people typed (a conclusion, a question as a record prints it).
    expected: p.expected === null ? '—' : visibleText(p.expected),
    found: p.found === null ? '—' : visibleText(p.found),
    // Record numbers are the server's own register (no person typed them).
    document: p.document ? t(`document.${p.document.kind}`, { number: p.document.number }) : '',
  };
  return (
    <>
      <strong>{t(`problem.${p.code}`, params)}</strong>
      {(p.expected !== null || p.found !== null) && <span className={styles.auValues}>{t(p.document ? 'valuesRecord' : 'values', params)}</span>}
    </>
  );
}
