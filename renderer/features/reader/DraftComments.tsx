import { memo, useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { CommentGroupBy, commentAuthor, groupComments, inCommentWindow, pageOfGroups, prepareComments, type CommentStatus, type CommentTableFormat, type DraftComment } from '../../../shared/domain/draft-comments';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useRefusalText } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { currentLanguage } from '../../i18n';
import { useAction } from '../../app/useAction';
import { useReading } from '../../app/navigation';
import { saveFile } from '../../app/save-file';
import styles from './reader.module.css';
import { Options } from '../../app/Options';

/**
 * Comments on drafts ("góp ý dự thảo") while reading a document open for comments: a
 * delegate comments on the page or the selected passage, optionally as their unit or
 * site (a record: kept on the device, sent with a receipt; after the deadline refused with
 * the reason, shown here). The secretariat opens the document for comments and reads the
 * consolidated comments by page, with counts, and answers each.
 */
export function DraftComments({ view }: { view: MeetingView }) {
  const { t } = useTranslation('room');
  const reading = useReading();
  // The open panel belongs to the document it was opened on: another document starts closed.
  const [opened, setOpened] = useState<{ documentId: string | null; panel: 'write' | 'all' | 'window' | null }>({ documentId: null, panel: null });
  const refusal = useRefusalText();
  const documentId = reading && reading.meetingId === view.id ? reading.documentId : null;
  const panel = opened.documentId === documentId ? opened.panel : null;
  const setPanel = (p: 'write' | 'all' | 'window' | null) => setOpened({ documentId, panel: p });
  const doc = documentId ? view.content.documents.find((d) => d.id === documentId) : undefined;
  if (!doc || !reading) return null;
  const window_ = view.commentWindows[doc.id] ?? null;
  const open = inCommentWindow(window_, new Date().toISOString());
  const mineHere = view.pendingRecords.filter((r) => r.kind === 'comment' && (r.payload as { documentId?: string }).documentId === doc.id);
  if (!window_ && !view.canEdit && mineHere.length === 0) return null;
  const lang = currentLanguage();

  return createPortal(
    <div className={styles.dcBar} data-testid="draft-comments">
      {window_ && (
        <span data-testid="draft-comments-window" data-open={String(open)}>
          {open ? t('comments.openUntil', { until: formatDateTime(window_.until, lang) }) : t('comments.closedAt', { until: formatDateTime(window_.until, lang) })}
        </span>
      )}
      {mineHere.map((r) => (
        <span key={r.key} className={r.state === 'refused' ? `${styles.dcMine} ${styles.isRefused}` : styles.dcMine} data-testid="draft-comment-mine" data-state={r.state}>
          {/* The person's own words, kept on the device, and why they wait or were refused. */}
          <q className={styles.dcQuote}>{(r.payload as { text?: string }).text?.slice(0, 120)}</q>
          {r.state === 'refused' ? t('comments.refused', { reason: refusal(r) }) : t('comments.sending')}
        </span>
      ))}
      {window_ && (
        <button type="button" className="btn btn-small btn-primary" data-testid="draft-comment-write" onClick={() => setPanel(panel === 'write' ? null : 'write')}>
          {t('comments.write', { page: reading.page })}
        </button>
      )}
      {window_ && (
        <button type="button" className="btn btn-small" data-testid="draft-comments-all" aria-expanded={panel === 'all'} onClick={() => setPanel(panel === 'all' ? null : 'all')}>
          {/* The server lists what this person may see: all (secretariat, or public), else their own. */}
          {view.canEdit || window_.public ? t('comments.all') : t('comments.mine')}
        </button>
      )}
      {view.canEdit && (
        <button type="button" className="btn btn-small" data-testid="draft-comments-window-edit" onClick={() => setPanel(panel === 'window' ? null : 'window')}>
          {t('comments.window')}
        </button>
      )}
      {panel === 'write' && <WriteComment view={view} documentId={doc.id} page={reading.page} onDone={() => setPanel(null)} />}
      {panel === 'all' && <Consolidated view={view} documentId={doc.id} />}
      {panel === 'window' && <WindowEditor view={view} documentId={doc.id} onDone={() => setPanel(null)} />}
    </div>,
    document.body,
  );
}

function WriteComment({ view, documentId, page, onDone }: { view: MeetingView; documentId: string; page: number; onDone(): void }) {
  const { t } = useTranslation('room');
  const client = useClient();
  const { run, busy, error, clearError } = useAction();
  // The passage selected in the reader when the form opened (the selection is lost on typing).
  const [quote] = useState(() => window.getSelection()?.toString().trim().slice(0, 2000) || null);
  const [text, setText] = useState('');
  const [asUnit, setAsUnit] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(() => client.comments.add({ meetingId: view.id, documentId, page, quote, text, asUnit: asUnit.trim() || null }))) onDone();
  };
  return (
    <form className={styles.dcPanel} data-testid="draft-comment-form" onSubmit={(e) => void submit(e)}>
      <p>{quote ? t('comments.onPassage', { page, quote }) : t('comments.onPage', { page })}</p>
      <label>
        {t('comments.text')}
        <textarea data-testid="draft-comment-text" required maxLength={5000} rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <label>
        {t('comments.asUnit')}
        <input data-testid="draft-comment-unit" maxLength={200} value={asUnit} onChange={(e) => setAsUnit(e.target.value)} />
      </label>
      <div className="details-actions">
        <button type="submit" className="btn btn-small btn-primary" data-testid="draft-comment-send" disabled={busy || !text.trim()}>
          {t('comments.send')}
        </button>
        <button type="button" className="btn btn-small" onClick={onDone}>
          {t('comments.cancel')}
        </button>
      </div>
      <ErrorNotice error={error} onDismiss={clearError} />
    </form>
  );
}

const statuses: CommentStatus[] = ['pending', 'accepted', 'noted', 'rejected'];


const exportFormats: CommentTableFormat[] = ['docx', 'xlsx', 'pdf', 'csv'];

/** Rows drawn at once: 10,000 comments with their answer forms would take seconds to lay out; a screenful takes nothing. */
const rowsPerPage = 50;

/**
 * The consolidated table ("bảng tổng hợp ý kiến"): grouped by page, commenter or answer,
 * with counts, filtered by answer and by words, and the secretariat's answers. Live: when
 * the meeting's comments version moves (a comment taken or answered anywhere), the list is
 * fetched again, on the secretariat's screen and on the commenter's alike. A congress sends
 * 10,000 comments on a draft: their search text is folded once per list (not per
 * keystroke), a filter or regroup is one pass over them, and only a page of rows is drawn.
 */
function Consolidated({ view, documentId }: { view: MeetingView; documentId: string }) {
  const { t } = useTranslation('room');
  const client = useClient();
  const { run, busy, error, clearError } = useAction();
  const [list, setList] = useState<DraftComment[]>([]);
  const [status, setStatus] = useState<CommentStatus | ''>('');
  const [words, setWords] = useState('');
  const [by, setBy] = useState<CommentGroupBy>('page');
  const [page, setPage] = useState(0);
  const load = useCallback(() => run(async () => setList(await client.comments.list({ meetingId: view.id, documentId }))), [client, view.id, documentId, run]);
  const version = view.commentsVersion;
  useEffect(() => void load(), [load, version]);
  const prepared = useMemo(() => prepareComments(list), [list]);
  const groups = useMemo(() => groupComments(prepared, { by, status: status || null, text: words }), [prepared, by, status, words]);
  const shown = groups.reduce((n, g) => n + g.count, 0);
  const pages = Math.max(1, Math.ceil(shown / rowsPerPage));
  // A new filter or grouping starts at its first page.
  useEffect(() => setPage(0), [by, status, words]);
  const current = Math.min(page, pages - 1);
  const slice = useMemo(() => pageOfGroups(groups, current * rowsPerPage, rowsPerPage), [groups, current]);
  const answer = useCallback(
    (c: DraftComment, s: 'accepted' | 'noted' | 'rejected', reply: string) =>
      void run(async () => {
        const out = await client.comments.respond({ meetingId: view.id, commentId: c.id, status: s, reply });
        setList((l) => l.map((x) => (x.id === out.id ? out : x)));
      }),
    [client, run, view.id],
  );

  return (
    <div className={`${styles.dcPanel} ${styles.dcAll}`} data-testid="draft-comments-table" data-total={shown} data-groups={groups.length} data-applied={`${by}|${status}|${words}`}>
      <div className={styles.dcFilters}>
        <select aria-label={t('comments.groupBy')} value={by} onChange={(e) => setBy(e.target.value as CommentGroupBy)} data-testid="draft-comments-group">
          <Options values={CommentGroupBy.options} label={(g) => t(`comments.by.${g}`)} />
        </select>
        <select aria-label={t('comments.filterStatus')} value={status} onChange={(e) => setStatus(e.target.value as CommentStatus | '')} data-testid="draft-comments-status">
          <option value="">{t('comments.allStatuses', { count: list.length })}</option>
          <Options values={statuses} label={(s) => t(`comments.status.${s}`)} />
        </select>
        <input type="search" aria-label={t('comments.filterWords')} placeholder={t('comments.filterWords')} value={words} onChange={(e) => setWords(e.target.value)} data-testid="draft-comments-words" />
        <button type="button" className="btn btn-small" onClick={() => void load()} disabled={busy}>
          {t('comments.reload')}
        </button>
      </div>
      {view.canEdit && (
        <div className={styles.dcExport} role="group" aria-label={t('comments.exportLabel')}>
          <span>{t('comments.exportLabel')}</span>
          {exportFormats.map((format) => (
            <button
              key={format}
              type="button"
              className="btn btn-small"
              data-testid={`draft-comments-export-${format}`}
              title={t(`comments.exportTitle.${format}`)}
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const f = await client.comments.export({ meetingId: view.id, documentId, format });
                  saveFile(f.fileName, f.mimeType, f.base64);
                })
              }
            >
              {t(`comments.export.${format}`)}
            </button>
          ))}
        </div>
      )}
      {list.length === 0 && !busy && <p className={styles.dcEmpty} data-testid="draft-comments-empty">{t('comments.empty')}</p>}
      {list.length > 0 && (
        <div className={styles.dcSummary}>
          <span data-testid="draft-comments-shown">{t('comments.shown', { shown, total: list.length, groups: groups.length })}</span>
          {pages > 1 && (
            <nav className={styles.dcPager} aria-label={t('comments.pages')}>
              <button type="button" className="btn btn-small" disabled={current === 0} onClick={() => setPage(current - 1)} aria-label={t('comments.prev')} data-testid="draft-comments-prev">
                ‹
              </button>
              <span>{t('comments.page', { page: current + 1, pages })}</span>
              <button type="button" className="btn btn-small" disabled={current >= pages - 1} onClick={() => setPage(current + 1)} aria-label={t('comments.next')} data-testid="draft-comments-next">
                ›
              </button>
            </nav>
          )}
        </div>
      )}
      {slice.map(({ group: g, comments }) => (
        <section key={g.key} className={styles.dcGroup} data-testid="draft-comments-page" data-group={g.key} data-page={g.page ?? undefined}>
          <h3>
            {by === 'page' ? t('comments.pageHead', { page: g.page, count: g.count, accepted: g.byStatus.accepted, pending: g.byStatus.pending }) : t('comments.groupHead', { group: by === 'status' ? t(`comments.status.${g.key}`) : g.key, count: g.count, accepted: g.byStatus.accepted, pending: g.byStatus.pending })}
          </h3>
          <ul>
            {comments.map((c) => (
              <CommentRow key={c.id} comment={c} canEdit={view.canEdit} busy={busy} onAnswer={answer} />
            ))}
          </ul>
        </section>
      ))}
      <ErrorNotice error={error} onDismiss={clearError} />
    </div>
  );
}

/** One comment and, for the secretariat, its answer form. Memoised: a filter redraws only the rows it changes. */
const CommentRow = memo(function CommentRow({ comment: c, canEdit, busy, onAnswer }: { comment: DraftComment; canEdit: boolean; busy: boolean; onAnswer(c: DraftComment, s: 'accepted' | 'noted' | 'rejected', reply: string): void }) {
  const { t } = useTranslation('room');
  return (
    <li data-testid="draft-comment-row" data-status={c.status}>
      <strong>{commentAuthor(c)}</strong>
      {c.quote && <q className={styles.dcQuote}>{c.quote}</q>}
      <p>{c.text}</p>
      <p className={styles.dcStatus}>
        {t(`comments.status.${c.status}`)}
        {c.reply ? ` — ${c.reply}` : ''}
      </p>
      {canEdit && <AnswerForm comment={c} busy={busy} onAnswer={(s, reply) => onAnswer(c, s, reply)} />}
    </li>
  );
});

function AnswerForm({ comment, busy, onAnswer }: { comment: DraftComment; busy: boolean; onAnswer(s: 'accepted' | 'noted' | 'rejected', reply: string): void }) {
  const { t } = useTranslation('room');
  const [reply, setReply] = useState(comment.reply ?? '');
  return (
    <div className={styles.dcAnswer}>
      <input aria-label={t('comments.reply')} placeholder={t('comments.reply')} maxLength={5000} value={reply} onChange={(e) => setReply(e.target.value)} data-testid="draft-comment-reply" />
      {(['accepted', 'noted', 'rejected'] as const).map((s) => (
        <button key={s} type="button" className="btn btn-small" disabled={busy} data-testid={`draft-comment-${s}`} onClick={() => onAnswer(s, reply)}>
          {t(`comments.mark.${s}`)}
        </button>
      ))}
    </div>
  );
}

function WindowEditor({ view, documentId, onDone }: { view: MeetingView; documentId: string; onDone(): void }) {
  const { t } = useTranslation('room');
  const client = useClient();
  const { run, busy, error, clearError } = useAction();
  const current = view.commentWindows[documentId];
  // datetime-local works in the device's zone; the window is stored as an instant.
  const toLocal = (iso: string) => {
    const d = new Date(iso);
    return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  };
  const [until, setUntil] = useState(current ? toLocal(current.until) : '');
  const [isPublic, setPublic] = useState(current?.public ?? false);
  const save = (close: boolean) =>
    void run(async () => {
      await client.comments.setWindow({ meetingId: view.id, documentId, until: close || !until ? null : new Date(until).toISOString(), public: isPublic });
      onDone();
    });
  return (
    <div className={styles.dcPanel} data-testid="draft-comments-window-form">
      <label>
        {t('comments.until')}
        <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} data-testid="draft-comments-until" />
      </label>
      <label>
        <input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.target.checked)} data-testid="draft-comments-public" /> {t('comments.public')}
      </label>
      <div className="details-actions">
        <button type="button" className="btn btn-small btn-primary" disabled={busy || !until} onClick={() => save(false)} data-testid="draft-comments-window-save">
          {t('comments.openFor')}
        </button>
        {current && (
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => save(true)}>
            {t('comments.close')}
          </button>
        )}
      </div>
      <ErrorNotice error={error} onDismiss={clearError} />
    </div>
  );
}
