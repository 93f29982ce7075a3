import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { AgendaItemView } from '../../../shared/ydoc/meeting';
import { useClient } from '../../app/connection';
import { errorText } from '../../app/errors';
import { currentLanguage } from '../../i18n';
import { insertAt, quotablePolls, resultSentence } from './conclusionModel';
import { FinaliseDialog } from './FinaliseDialog';
import { clockTime } from './time';
import { useDraft } from './useDraft';
import styles from './conclusions.module.css';

/** The chair's draft for one item: typed freely, saved on the device as typed, finalised once. */
export function ConclusionEditor({ view, item }: { view: MeetingView; item: AgendaItemView }) {
  const { t } = useTranslation('followup');
  const tg = useTranslation().t;
  const client = useClient();
  const lang = currentLanguage();
  const draft = useDraft(view.id, item.id, view.drafts[item.id]);
  const area = useRef<HTMLTextAreaElement>(null);
  const [confirming, setConfirming] = useState(false);
  const polls = quotablePolls(view, item.id);
  const textId = `conclusion-text-${item.id}`;

  function insert(pollId: string) {
    const poll = polls.find((p) => p.id === pollId);
    if (!poll) return;
    const caret = area.current && document.activeElement === area.current ? area.current.selectionStart : null;
    const next = insertAt(draft.text, resultSentence(poll, t, lang), caret);
    draft.change(next.text, draft.pollRefs.includes(pollId) ? draft.pollRefs : [...draft.pollRefs, pollId]);
    // Back to typing right after the inserted sentence.
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(next.caret, next.caret);
    });
  }

  async function openConfirm() {
    await draft.flush();
    setConfirming(true);
  }

  return (
    <div className="fu-editor" data-testid="conclusion-editor" data-item-id={item.id}>
      <label className={styles.fuLabel} htmlFor={textId}>
        {t('editor.label')}
      </label>
      <textarea
        id={textId}
        ref={area}
        className="fu-textarea"
        data-testid="conclusion-text"
        rows={5}
        value={draft.text}
        placeholder={t('editor.placeholder')}
        onChange={(e) => draft.change(e.target.value)}
      />
      <div className={styles.fuEditorBar}>
        <div className={styles.fuInsert} role="group" aria-label={t('editor.insertGroup')}>
          {polls.map((p) => (
            <button
              key={p.id}
              type="button"
              className="btn btn-small"
              data-testid="conclusion-insert-result"
              data-poll-id={p.id}
              title={p.definition.question}
              onClick={() => insert(p.id)}
            >
              {t('editor.insert')}
              <span className={styles.fuInsertQ}>{p.definition.question}</span>
            </button>
          ))}
        </div>
        <span className={styles.fuSaved} data-testid="conclusion-saved" aria-live="polite">
          {draft.error !== null ? <span className={styles.fuSaveError}>{t('editor.saveFailed', { reason: errorText(tg, draft.error) })}</span> : draft.savedAt ? t('editor.saved', { time: clockTime(draft.savedAt, lang) }) : t('editor.notSaved')}
        </span>
        <button type="button" className="btn btn-primary" data-testid="conclusion-finalise" disabled={draft.text.trim() === ''} onClick={() => void openConfirm()}>
          {t('editor.finalise')}
        </button>
      </div>
      {draft.pollRefs.length > 0 && <p className={`${styles.fuRefs} muted`}>{t('editor.refs', { count: draft.pollRefs.length })}</p>}
      {confirming && (
        <FinaliseDialog
          itemLabel={`${item.number}. ${item.title}`}
          text={draft.text}
          onConfirm={() => client.conclusions.finalise({ meetingId: view.id, agendaItemId: item.id })}
          onClose={() => setConfirming(false)}
        />
      )}
    </div>
  );
}
