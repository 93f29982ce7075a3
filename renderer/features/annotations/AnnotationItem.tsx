import { useAction } from '../../app/useAction';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Annotation } from '../../../shared/contract';
import { useClient } from '../../app/connection';
import { errorText } from '../../app/errors';
import { NoteIcon } from './AnnotationOverlay';
import { toneClass, type Tone } from '../../app/tone';
import styles from './annotations.module.css';

/** A note's sync state as a chip: still on this device grey, on the server green, refused red. */
const SYNC_TONE: Record<Annotation['syncState'], Tone> = { local: 'quiet', pending: 'quiet', synced: 'green', refused: 'red' };

interface Props {
  annotation: Annotation;
  /** Highlighted because the person clicked its mark on the page. */
  active?: boolean;
  onOpen(page: number): void;
}

/**
 * One highlight or note: where it is, what it says, whether it is shared, and its controls.
 * Someone else's shared one shows who shared it and has no controls.
 */
export function AnnotationItem({ annotation: a, active, onOpen }: Props) {
  const { t } = useTranslation('reader');
  const { t: tc } = useTranslation();
  const client = useClient();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(a.note ?? '');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { run, busy, error } = useAction();
  // The toggle answers the click at once; the list catches up when the core confirms.
  const [sharing, setSharing] = useState<boolean | null>(null);

  const lost = a.carryOver === 'not_found';
  return (
    <li
      className={`${styles.annotationItem}${active ? ' is-active' : ''}${lost ? ` ${styles.isLost}` : ''}${a.mine ? '' : ` ${styles.isOthers}`}`}
      data-testid="annotation-item"
      data-annotation-id={a.id}
      data-mine={a.mine ? 'true' : 'false'}
      data-carry-over={a.carryOver}
      data-kind={a.kind}
      style={{ ['--mark' as string]: a.color }}
    >
      <div className={styles.annotationHead}>
        <span className={styles.annotationKind} aria-hidden="true">
          {a.kind === 'note' ? <NoteIcon /> : <span className={styles.annotationDot} />}
        </span>
        <button type="button" className={styles.rdLink} data-testid="annotation-goto" disabled={lost} onClick={() => onOpen(a.page)}>
          {t('page.short', { page: a.page })}
        </button>
        {a.carryOver === 'carried' && (
          <span className={`${styles.rdTag} ${styles.rdTagCarried}`} data-testid="annotation-carried" title={t('annotations.carriedHint')}>
            {t('annotations.carried')}
          </span>
        )}
        {!a.mine && (
          // Someone else's note, shared with the meeting: read here, changed only by its author.
          <span className={`${styles.rdTag} ${styles.rdTagAuthor}`} data-testid="annotation-author" title={t('annotations.othersHint', { name: a.authorName })}>
            {t('annotations.sharedBy', { name: a.authorName })}
          </span>
        )}
      </div>
      {a.quote && <blockquote className={styles.annotationQuote}>{a.quote}</blockquote>}
      {editing ? (
        <form
          className={styles.annotationEdit}
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => client.annotations.update({ id: a.id, note: draft.trim() || null })).then((ok) => ok && setEditing(false));
          }}
        >
          <label className="visually-hidden" htmlFor={`note-${a.id}`}>
            {t('annotations.noteLabel')}
          </label>
          <textarea id={`note-${a.id}`} data-testid="annotation-edit-input" value={draft} rows={3} maxLength={20_000} autoFocus onChange={(e) => setDraft(e.target.value)} />
          <div className={styles.annotateButtons}>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => { setEditing(false); setDraft(a.note ?? ''); }}>
              {t('cancel')}
            </button>
            <button type="submit" className="btn btn-small btn-primary" data-testid="annotation-edit-save" disabled={busy}>
              {t('save')}
            </button>
          </div>
        </form>
      ) : (
        a.note && <p className={styles.annotationNote}>{a.note}</p>
      )}
      {a.mine && !editing && (
        <div className={styles.annotationFoot}>
          <label className={styles.shareToggle} title={t('annotations.shareHint')}>
            <input
              type="checkbox"
              data-testid="annotation-share"
              checked={sharing ?? a.shared}
              disabled={busy}
              onChange={(e) => {
                const shared = e.target.checked;
                setSharing(shared);
                void run(() => client.annotations.update({ id: a.id, shared })).finally(() => setSharing(null));
              }}
            />
            <span>{t('annotations.share')}</span>
          </label>
          {a.shared && <SyncChip state={a.syncState} refusal={a.refusal} />}
          <span className={styles.annotationTools}>
            {confirmDelete ? (
              <>
                <button type="button" className="btn btn-small btn-danger" data-testid="annotation-delete-confirm" disabled={busy} onClick={() => void run(() => client.annotations.remove({ id: a.id }))}>
                  {t('annotations.deleteConfirm')}
                </button>
                <button type="button" className="btn btn-small btn-ghost" onClick={() => setConfirmDelete(false)}>
                  {t('cancel')}
                </button>
              </>
            ) : (
              <>
                <button type="button" className={styles.rdLink} data-testid="annotation-edit" onClick={() => setEditing(true)}>
                  {a.note ? t('annotations.edit') : t('annotations.addNote')}
                </button>
                <button type="button" className={`${styles.rdLink} ${styles.rdLinkDanger}`} data-testid="annotation-delete" onClick={() => setConfirmDelete(true)}>
                  {t('annotations.delete')}
                </button>
              </>
            )}
          </span>
        </div>
      )}
      {error !== null && (
        <p className={styles.annotationError} role="alert">
          {errorText(tc, error)}
        </p>
      )}
    </li>
  );
}

function SyncChip({ state, refusal }: { state: Annotation['syncState']; refusal: string | null }) {
  const { t } = useTranslation('reader');
  return (
    <span className={`${styles.syncChip} ${toneClass(SYNC_TONE[state])}`} data-testid="annotation-sync" data-state={state} title={refusal ?? undefined}>
      {t(`annotations.sync.${state}`)}
      {state === 'refused' && refusal && <span className={styles.syncReason}>: {refusal}</span>}
    </span>
  );
}
