import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { maxSectionChars, type MinutesSections, type MinutesState, type MinutesVersion, type MinutesVersionsResponse } from '../../../shared/domain/minutes-text';
import type { OfficialRecord } from '../../../shared/organisations';
import { canEditMinutes, canReturnMinutes, runsMeeting } from '../../../shared/roles';
import { useClient } from '../../app/connection';
import { toneClass, type Tone } from '../../app/tone';
import styles from './notices.module.css';
import { TableHead } from '../../app/TableHead';

/** The minutes' state as a chip: a draft not yet written grey, being edited blue, sent amber, returned red, final green. */
const STATE_TONE: Record<MinutesState, Tone> = { none: 'grey', editing: 'blue', sent: 'amber', returned: 'red', final: 'green' };

/** Runs one named step of the section; the name says which button is "working…". */
export type Run = (what: string, fn: () => Promise<void>) => Promise<void>;

const blank: MinutesSections = { opening: '', items: {}, closing: '' };
const same = (a: MinutesSections, b: MinutesSections) =>
  a.opening.trim() === b.opening.trim() &&
  a.closing.trim() === b.closing.trim() &&
  [...new Set([...Object.keys(a.items), ...Object.keys(b.items)])].every((id) => (a.items[id] ?? '').trim() === (b.items[id] ?? '').trim());

/**
 * The secretary's words in the minutes: the opening, a discussion summary under each agenda
 * item and the closing remarks. The facts (attendance, polls, conclusions) are generated
 * from the records and are not edited here. Each save is a version; the secretary sends
 * the latest to the chair, who approves it or returns it with a comment.
 */
export function MinutesDraft({ view, inForce, date, busy, run, onChanged, versions }: {
  view: MeetingView;
  inForce: OfficialRecord | null;
  date: (iso: string) => string;
  busy: string | null;
  run: Run;
  onChanged: () => Promise<void>;
  versions: MinutesVersionsResponse;
}) {
  const { t } = useTranslation('records');
  const client = useClient();
  const latest = versions.versions[0] ?? null;
  const editor = canEditMinutes(view.role);
  const [text, setText] = useState<MinutesSections>(latest?.sections ?? blank);
  const [viewing, setViewing] = useState<number | null>(null);
  // After finalisation the text is fixed; the secretary starts a correction explicitly.
  const [correcting, setCorrecting] = useState(false);
  useEffect(() => {
    setText(latest?.sections ?? blank);
  }, [latest?.version]); // eslint-disable-line react-hooks/exhaustive-deps

  const state = versions.state;
  const editable = editor && (state !== 'final' || correcting);
  const dirty = !same(text, latest?.sections ?? blank);
  const corrects = state === 'final' ? (inForce?.id ?? null) : null;
  const shown = viewing ? versions.versions.find((v) => v.version === viewing) ?? null : null;
  /** Reloads the record and these versions. */
  const after = onChanged;

  const save = async (): Promise<number> => {
    const v = await client.notices.saveMinutesText({ meetingId: view.id, basedOn: versions.current, sections: text, corrects });
    setCorrecting(false);
    return v.version;
  };

  return (
    <div className={styles.ntMinutes} data-testid="minutes-draft" data-state={state} data-version={versions.current}>
      <div className={styles.ntMinutesHead}>
        <strong>{t('minutesText.title')}</strong>
        <span className={`${styles.ntState} ${toneClass(STATE_TONE[state])}`} data-testid="minutes-state">
          {t(`minutesText.state.${state}`, { version: versions.current })}
        </span>
      </div>
      <p className="field-hint">{t('minutesText.factsHint')}</p>

      {latest?.returnedAt && state === 'returned' && (
        <div className={`notice notice-warn ${styles.ntReturned}`} role="status" data-testid="minutes-return-comment">
          <strong>{t('minutesText.returnedBy', { name: latest.returnedByName, at: date(latest.returnedAt), version: latest.version })}</strong>
          <p>{latest.returnComment}</p>
        </div>
      )}

      {editable ? (
        <SectionsEditor view={view} text={text} onChange={setText} />
      ) : (
        latest && <SectionsView view={view} sections={latest.sections} testId="minutes-current-text" />
      )}

      <div className={styles.ntActions}>
        {editable && (
          <button type="button" className="btn" data-testid="minutes-save" disabled={!!busy || !dirty} onClick={() => void run('minutes-save', async () => { await save(); await after(); })}>
            {busy === 'minutes-save' ? t('working') : dirty ? t('minutesText.save') : t('minutesText.saved')}
          </button>
        )}
        {editable && (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="minutes-send"
            disabled={!!busy || (!dirty && (state === 'sent' || state === 'returned'))}
            title={!dirty && state === 'returned' ? t('minutesText.editBeforeResend') : undefined}
            onClick={() => void run('minutes-send', async () => {
              const version = dirty || state === 'none' || (state === 'final' && correcting) ? await save() : versions.current;
              await client.notices.sendMinutes({ meetingId: view.id, version });
              await after();
            })}
          >
            {busy === 'minutes-send' ? t('working') : t('minutesText.send')}
          </button>
        )}
        {editor && state === 'final' && !correcting && inForce && (
          <button type="button" className="btn" data-testid="minutes-start-correction" disabled={!!busy} onClick={() => setCorrecting(true)}>
            {t('minutesText.startCorrection')}
          </button>
        )}
        {latest?.corrects && state !== 'final' && <span className="tag">{t('minutesText.correctionDraft')}</span>}
      </div>
      {canReturnMinutes(view.role) && state === 'sent' && latest && <ChairReview view={view} version={latest.version} busy={busy} run={run} after={after} />}

      {versions.versions.length > 0 && (
        <details className={styles.ntVersions} open={versions.versions.length > 1 || undefined}>
          <summary>{t('minutesText.versions', { count: versions.versions.length })}</summary>
          <table className={styles.ntVersionsTable} data-testid="minutes-versions">
            <TableHead columns={[t('minutesText.col.version'), t('minutesText.col.savedBy'), t('minutesText.col.status'), '']} />
            <tbody>
              {versions.versions.map((v) => (
                <VersionRow key={v.version} v={v} date={date} current={v.version === versions.current} viewing={viewing === v.version} onView={() => setViewing(viewing === v.version ? null : v.version)} />
              ))}
            </tbody>
          </table>
          {shown && <SectionsView view={view} sections={shown.sections} testId="minutes-version-text" title={t('minutesText.viewingVersion', { version: shown.version })} />}
        </details>
      )}
    </div>
  );
}

function VersionRow({ v, date, current, viewing, onView }: { v: MinutesVersion; date: (iso: string) => string; current: boolean; viewing: boolean; onView: () => void }) {
  const { t } = useTranslation('records');
  const status = v.recordId ? t('minutesText.row.final') : v.returnedAt ? t('minutesText.row.returned', { name: v.returnedByName, at: date(v.returnedAt) }) : v.sentAt ? t('minutesText.row.sent', { at: date(v.sentAt) }) : t('minutesText.row.saved');
  return (
    <tr data-testid="minutes-version" data-version={v.version} className={current ? styles.ntVersionCurrent : undefined}>
      <td>
        <strong>{v.version}</strong>
        {v.corrects && <span className="tag">{t('correction')}</span>}
      </td>
      <td>
        {v.savedByName}
        <div className="muted">{date(v.savedAt)}</div>
      </td>
      <td>
        {status}
        {v.returnComment && <div className={styles.ntComment} data-testid="minutes-version-comment">“{v.returnComment}”</div>}
      </td>
      <td>
        <button type="button" className="btn btn-small btn-light" aria-pressed={viewing} onClick={onView}>
          {viewing ? t('minutesText.hide') : t('minutesText.view')}
        </button>
      </td>
    </tr>
  );
}

/** The narrative fields: the opening, one summary per agenda item (in agenda order), the closing. */
function SectionsEditor({ view, text, onChange }: { view: MeetingView; text: MinutesSections; onChange: (s: MinutesSections) => void }) {
  const { t } = useTranslation('records');
  const field = (id: string, label: string, value: string, set: (v: string) => void, rows = 3) => (
    <label className={`field ${styles.ntSection}`} key={id}>
      <span>{label}</span>
      <textarea data-testid={`minutes-section-${id}`} rows={rows} maxLength={maxSectionChars} value={value} onChange={(e) => set(e.target.value)} />
    </label>
  );
  return (
    <div className={styles.ntSections} data-testid="minutes-editor">
      {field('opening', t('minutesText.opening'), text.opening, (v) => onChange({ ...text, opening: v }))}
      {view.content.agenda.map((item) =>
        field(`item-${item.number}`, t('minutesText.itemSummary', { number: item.number, title: item.title }), text.items[item.id] ?? '', (v) => onChange({ ...text, items: { ...text.items, [item.id]: v } })),
      )}
      {field('closing', t('minutesText.closing'), text.closing, (v) => onChange({ ...text, closing: v }), 2)}
    </div>
  );
}

function SectionsView({ view, sections, testId, title }: { view: MeetingView; sections: MinutesSections; testId: string; title?: string }) {
  const { t } = useTranslation('records');
  const parts = [
    { label: t('minutesText.opening'), text: sections.opening },
    ...view.content.agenda.map((item) => ({ label: t('minutesText.itemSummary', { number: item.number, title: item.title }), text: sections.items[item.id] ?? '' })),
    { label: t('minutesText.closing'), text: sections.closing },
  ].filter((p) => p.text.trim());
  return (
    <div className={styles.ntSectionsView} data-testid={testId}>
      {title && <strong>{title}</strong>}
      {parts.length === 0 ? (
        <p className="muted">{t('minutesText.emptyText')}</p>
      ) : (
        parts.map((p) => (
          <section key={p.label}>
            <h5>{p.label}</h5>
            <p>{p.text}</p>
          </section>
        ))
      )}
    </div>
  );
}

/** The chair's answer to the version sent: approve it (in the approvals above) or return it with a comment. */
function ChairReview({ view, version, busy, run, after }: { view: MeetingView; version: number; busy: string | null; run: Run; after: () => Promise<void> }) {
  const { t } = useTranslation('records');
  const client = useClient();
  const [comment, setComment] = useState('');
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <div className={styles.ntActions}>
        <button type="button" className="btn btn-quiet-danger" data-testid="minutes-return-open" disabled={!!busy} onClick={() => setOpen(true)}>
          {t('minutesText.return')}
        </button>
      </div>
    );
  }
  return (
    <div className={styles.ntReturn} data-testid="minutes-return">
      <label className="field">
        <span>{t('minutesText.returnComment')}</span>
        <textarea data-testid="minutes-return-text" rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('minutesText.returnHint')} />
      </label>
      <div className={styles.ntActions}>
        <button type="button" className="btn btn-danger" data-testid="minutes-return-confirm" disabled={!!busy || !comment.trim()} onClick={() => void run('minutes-return', async () => { await client.notices.returnMinutes({ meetingId: view.id, version, comment: comment.trim() }); setComment(''); setOpen(false); await after(); })}>
          {busy === 'minutes-return' ? t('working') : t('minutesText.returnConfirm')}
        </button>
        <button type="button" className="btn btn-ghost" disabled={!!busy} onClick={() => setOpen(false)}>
          {t('minutesText.cancel')}
        </button>
      </div>
    </div>
  );
}

/** The versions of the minutes for those who run the meeting; null for others (who are not shown the draft). */
export function useMinutesVersions(view: MeetingView, onError: (e: unknown) => void): { versions: MinutesVersionsResponse | null; reload: () => Promise<void> } {
  const client = useClient();
  const allowed = useMemo(() => runsMeeting(view.role), [view.role]);
  const [versions, setVersions] = useState<MinutesVersionsResponse | null>(null);
  const reload = useCallback(async () => {
    if (!allowed) return;
    try {
      setVersions(await client.notices.minutesVersions({ meetingId: view.id }));
    } catch (err) {
      onError(err);
    }
  }, [allowed, client, view.id, onError]);
  useEffect(() => {
    void reload();
  }, [reload, view.recordsVersion]);
  return { versions, reload };
}
