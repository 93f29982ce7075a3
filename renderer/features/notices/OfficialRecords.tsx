import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { AbsenceReason, MeetingRecordsResponse, MinutesApprovals, OfficialRecord, RecordKind } from '../../../shared/organisations';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { saveFile } from '../../app/save-file';
import { useAction } from '../../app/useAction';
import { formatDateTime, meetingTimeZone } from '../../app/format';
import { currentLanguage } from '../../i18n';
import { VerifyDocument } from './VerifyDocument';
import { MinutesDraft, useMinutesVersions, type Run } from './MinutesDraft';
import type { MinutesVersionsResponse } from '../../../shared/domain/minutes-text';
import { minutesApproverRole } from '../../../shared/roles';
import styles from './notices.module.css';
import { Panel } from '../../app/Panel';

const kinds: RecordKind[] = ['notice', 'minutes'];
const leads = new Set(['chair', 'vice_chair', 'secretariat']);

/**
 * "Văn bản chính thức": the meeting's notice and minutes in its organisation's form. The
 * secretariat edits the recipients; the chair or secretariat previews the draft (no number)
 * and finalises (numbered, signed); every participant downloads what was finalised.
 */
export function OfficialRecords({ view }: { view: MeetingView }) {
  const { t } = useTranslation('records');
  const client = useClient();
  const [data, setData] = useState<MeetingRecordsResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  // One action at a time for the whole section: both records reload after any of them.
  const action = useAction();
  const run = useCallback((what: string, fn: () => Promise<void>) => action.run(fn, what).then(() => undefined), [action.run]);
  const load = useCallback(async () => {
    try {
      setData(await client.notices.records({ meetingId: view.id }));
    } catch (err) {
      setError(err);
    }
  }, [client, view.id]);
  // Again whenever someone else saves, sends, returns, approves or issues (live/<id> recordsVersion).
  useEffect(() => {
    void load();
  }, [load, view.recordsVersion]);

  const org = data?.organisation ?? null;
  return (
    <Panel title={t('title')} level={3} className={styles.ntRecords} testId="official-records">
      <ErrorNotice error={action.error ?? error} onDismiss={() => (setError(null), action.clearError())} />
      {data && !org && <p className="notice notice-warn">{t('noOrganisation')}</p>}
      {org && (
        <p className="panel-subtitle" data-testid="records-organisation">
          {org.name} · {t(`family.${data!.family}`)}
          {org.certificate?.demo && (
            <span className={`tag ${styles.ntDemo}`} data-testid="demo-certificate" title={t('demoCertificateHint')}>
              {t('demoCertificate')}
            </span>
          )}
        </p>
      )}
      {org &&
        kinds.map((kind) => (
          <RecordKindPanel key={kind} view={view} kind={kind} data={data!} onChanged={load} onError={setError} busy={action.running} run={run} />
        ))}
      <VerifyDocument />
    </Panel>
  );
}

function RecordKindPanel({ view, kind, data, onChanged, onError, busy, run }: { view: MeetingView; kind: RecordKind; data: MeetingRecordsResponse; onChanged: () => Promise<void>; onError: (e: unknown) => void; busy: string | null; run: Run }) {
  const { t } = useTranslation('records');
  const client = useClient();
  const [recipients, setRecipients] = useState(data.drafts[kind].recipients.join('\n'));
  const [reason, setReason] = useState('');
  const records = data.records.filter((r) => r.kind === kind);
  const replacedIds = new Set(records.map((r) => r.replaces).filter(Boolean));
  const current = records.find((r) => !replacedIds.has(r.id)) ?? null;
  const secretariat = view.role === 'secretariat';
  const lead = leads.has(view.role);
  const pending = data.drafts.minutes.approvals;
  const { versions, reload } = useMinutesVersions(view, onError);
  // Whatever changes the record (finalising, approving) may change the minutes' versions too.
  const changed = async () => {
    await onChanged();
    if (kind === 'minutes') await reload();
  };
  // The minutes are finalised only on both approvals; the server refuses otherwise, with the same words.
  const approved = kind !== 'minutes' || (!!pending.chair && !!pending.secretary);

  const list = () => recipients.split('\n').map((s) => s.trim()).filter(Boolean);
  const date = (iso: string) => formatDateTime(iso, currentLanguage(), data.organisation?.timeZone ?? meetingTimeZone) ?? '';

  return (
    <div className={styles.ntKind} data-testid={`record-${kind}`}>
      <h4>{t(`kind.${kind}`)}</h4>
      {secretariat && (
        <label className="field">
          <span>{t('recipients')}</span>
          <textarea data-testid={`recipients-${kind}`} rows={Math.min(12, Math.max(4, recipients.split('\n').length + 1))} value={recipients} onChange={(e) => setRecipients(e.target.value)} placeholder={t('recipientsHint')} />
          <button type="button" className="btn btn-small" disabled={!!busy} onClick={() => void run('save', async () => { await client.notices.setRecipients({ meetingId: view.id, kind, recipients: list() }); await changed(); })}>
            {t('saveRecipients')}
          </button>
        </label>
      )}
      {kind === 'minutes' && secretariat && <AbsencesEditor view={view} absences={data.absences} run={run} onChanged={changed} busy={!!busy} />}
      {kind === 'minutes' && versions && <MinutesDraft view={view} inForce={current} date={date} busy={busy} run={run} onChanged={changed} versions={versions} />}
      {kind === 'minutes' && <MinutesApprovalsView view={view} approvals={data.drafts.minutes.approvals} versions={versions} forCorrection={!!current} date={date} busy={!!busy} run={run} onChanged={changed} />}
      <div className={styles.ntActions}>
        {lead && (
          <button type="button" className="btn" data-testid={`preview-${kind}`} disabled={!!busy} onClick={() => void run('preview', async () => { const f = await client.notices.preview({ meetingId: view.id, kind }); saveFile(f.fileName, f.mimeType, f.base64); })}>
            {busy === 'preview' ? t('working') : t('preview')}
          </button>
        )}
        {lead && (
          <button type="button" className="btn" data-testid={`preview-docx-${kind}`} disabled={!!busy} onClick={() => void run('docx', async () => { const f = await client.notices.docx({ meetingId: view.id, kind, recordId: null }); saveFile(f.fileName, f.mimeType, f.base64); })}>
            {busy === 'docx' ? t('working') : t('previewDocx')}
          </button>
        )}
        {lead && !current && (
          <button type="button" className="btn btn-primary" data-testid={`finalise-${kind}`} disabled={!!busy || !approved} title={approved ? undefined : t('approvals.needed')} onClick={() => { if (window.confirm(t('confirmFinalise'))) void run('finalise', async () => { await client.notices.finalise({ meetingId: view.id, kind, replaces: null, reason: null }); await changed(); }); }}>
            {busy === 'finalise' ? t('working') : t('finalise')}
          </button>
        )}
      </div>
      {lead && current && (
        <div className={styles.ntCorrect}>
          <input className="input" data-testid={`correction-reason-${kind}`} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('correctionReason')} aria-label={t('correctionReason')} />
          <button type="button" className="btn" disabled={!!busy || !reason.trim() || !approved} title={approved ? undefined : t('approvals.needed')} data-testid={`correct-${kind}`} onClick={() => void run('finalise', async () => { await client.notices.finalise({ meetingId: view.id, kind, replaces: current.id, reason: reason.trim() }); setReason(''); await changed(); })}>
            {t('issueCorrection')}
          </button>
        </div>
      )}
      {records.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <ul className={styles.ntList}>
          {records.map((r: OfficialRecord) => (
            <li key={r.id} data-testid="official-record" data-number={r.number}>
              <strong>{t('number', { number: r.number })}</strong> <span className="muted">{date(r.finalisedAt)}</span>
              {r.replaces && <span className="tag">{t('correction')}</span>}
              {replacedIds.has(r.id) && <span className="tag">{t('replaced')}</span>}
              <button type="button" className="btn btn-small" data-testid="record-download" title={t('downloadPdf')} disabled={!!busy} onClick={() => void run('download', async () => { const f = await client.notices.download({ recordId: r.id }); saveFile(f.fileName, f.mimeType, f.base64); })}>
                {t('download')}
              </button>
              <button type="button" className="btn btn-small" data-testid="record-download-docx" disabled={!!busy} onClick={() => void run('download', async () => { const f = await client.notices.docx({ meetingId: view.id, kind, recordId: r.id }); saveFile(f.fileName, f.mimeType, f.base64); })}>
                {t('downloadDocx')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Who has approved the latest version of the draft minutes and when; the chair and the
 * secretariat approve here. The chair approves only a version sent to them; an edit makes
 * a new version, which needs approving again.
 */
function MinutesApprovalsView({ view, approvals, versions, forCorrection, date, busy, run, onChanged }: { view: MeetingView; approvals: MinutesApprovals; versions: MinutesVersionsResponse | null; forCorrection: boolean; date: (iso: string) => string; busy: boolean; run: Run; onChanged: () => Promise<void> }) {
  const { t } = useTranslation('records');
  const client = useClient();
  const as = minutesApproverRole(view.role);
  const state = versions?.state ?? 'none';
  // As the server rules: the chair approves what was sent and not returned; the secretary any draft version.
  const approvable = as === 'chair' ? state === 'sent' : state === 'sent' || state === 'editing';
  const mine = as ? approvals[as] : null;
  return (
    <div className={styles.ntApprovals} data-testid="minutes-approvals">
      {/* Once the minutes are issued, approvals are for the next correction: each version is approved afresh. */}
      <strong>{forCorrection ? t('approvals.titleCorrection') : t('approvals.title')}</strong>
      <ul>
        {(['chair', 'secretary'] as const).map((role) => {
          const a = approvals[role];
          return (
            <li key={role} data-testid={`approval-${role}`} data-approved={a ? 'yes' : 'no'}>
              {t(`approvals.${role}`)}: {a ? t('approvals.approvedBy', { name: a.name, at: date(a.approvedAt) }) : <span className="muted">{t('approvals.waiting')}</span>}
            </li>
          );
        })}
      </ul>
      {as && versions && (
        <button
          type="button"
          className="btn btn-small btn-primary"
          data-testid="approve-minutes"
          disabled={busy || !approvable || !!mine}
          title={approvable ? undefined : t(as === 'chair' ? 'approvals.chairWaits' : 'approvals.nothingToApprove')}
          onClick={() => void run('approve', async () => { await client.notices.approveMinutes({ meetingId: view.id, version: versions.current }); await onChanged(); })}
        >
          {t('approvals.approve', { version: versions.current })}
        </button>
      )}
      {!(approvals.chair && approvals.secretary) && <p className="muted">{t('approvals.needed')}</p>}
    </div>
  );
}

// As the minutes count attendance: everyone but the secretariat (who keeps them) and observers.
const attending = new Set(['chair', 'vice_chair', 'delegate', 'guest']);

/** The secretariat's reasons for each participant not present, printed in the minutes. */
function AbsencesEditor({ view, absences, run, onChanged, busy }: { view: MeetingView; absences: AbsenceReason[]; run: Run; onChanged: () => Promise<void>; busy: boolean }) {
  const { t } = useTranslation('records');
  const client = useClient();
  const absent = view.content.participants.filter((p) => attending.has(p.role) && (view.attendance.marks[p.id]?.status ?? 'absent') !== 'present');
  return (
    <div className={styles.ntAbsences} data-testid="absences">
      <strong>{t('absences.title')}</strong>
      {absent.length === 0 ? (
        <p className="muted">{t('absences.none')}</p>
      ) : (
        <ul>
          {absent.map((p) => (
            <AbsenceRow key={p.id} name={p.name} saved={absences.find((a) => a.userId === p.id) ?? null} fallbackExcused={view.attendance.marks[p.id]?.status === 'excused'} busy={busy} onSave={(excused, reason) => run('absence', async () => { await client.notices.setAbsence({ meetingId: view.id, userId: p.id, excused, reason }); await onChanged(); })} />
          ))}
        </ul>
      )}
    </div>
  );
}

function AbsenceRow({ name, saved, fallbackExcused, busy, onSave }: { name: string; saved: AbsenceReason | null; fallbackExcused: boolean; busy: boolean; onSave: (excused: boolean, reason: string | null) => void }) {
  const { t } = useTranslation('records');
  const [excused, setExcused] = useState(saved?.excused ?? fallbackExcused);
  const [reason, setReason] = useState(saved?.reason ?? '');
  const changed = !saved || saved.excused !== excused || (saved.reason ?? '') !== reason.trim();
  return (
    <li data-testid="absence" data-name={name}>
      <span>{name}</span>
      <select className="input" aria-label={`${name}: ${t('absences.title')}`} value={excused ? 'yes' : 'no'} onChange={(e) => setExcused(e.target.value === 'yes')}>
        <option value="yes">{t('absences.excused')}</option>
        <option value="no">{t('absences.unexcused')}</option>
      </select>
      <input className="input" aria-label={`${name}: ${t('absences.reason')}`} placeholder={t('absences.reason')} value={reason} maxLength={300} onChange={(e) => setReason(e.target.value)} />
      <button type="button" className="btn btn-small" data-testid="absence-save" disabled={busy || !changed} onClick={() => onSave(excused, reason.trim() || null)}>
        {changed ? t('absences.save') : t('absences.saved')}
      </button>
    </li>
  );
}
