import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { AgendaItemView } from '../../../shared/ydoc/meeting';
import { ItemTasks } from '../tasks';
import { ConclusionEditor } from './ConclusionEditor';
import { ConclusionFinal } from './ConclusionFinal';
import { ConclusionState } from './ConclusionState';
import { canRecordConclusions, conclusionRecordOf, finalOf } from './conclusionModel';
import { visibleText } from '../../app/visible-text';
import styles from './conclusions.module.css';

/**
 * One agenda item on the Kết luận tab: the final conclusion if there is one, otherwise the
 * draft editor (for those who record), the state of what was sent, and its tasks.
 */
export function ConclusionItem({ view, item }: { view: MeetingView; item: AgendaItemView }) {
  const { t } = useTranslation('followup');
  const recorder = canRecordConclusions(view.role);
  const final = finalOf(view, item.id);
  const record = conclusionRecordOf(view, item.id);
  // Sent and waiting for the server to publish it: the draft is no longer to be typed into.
  const inFlight = !final && record !== null && record.state !== 'refused';
  const draft = view.drafts[item.id];
  return (
    <article className={`${styles.fuItem} ${styles[`depth-${Math.min(item.depth, 2)}`] ?? ''}`} data-testid="conclusion-item" data-item-id={item.id}>
      <header className={styles.fuItemHead}>
        <span className={styles.fuItemNumber}>{item.number}</span>
        <h3 className={styles.fuItemTitle}>{visibleText(item.title)}</h3>
        {!final && <span className={styles.fuItemFlag}>{recorder ? (inFlight ? t('item.sending') : t('item.noFinal')) : t('item.notYet')}</span>}
      </header>
      {final && <ConclusionFinal meetingId={view.id} conclusion={final} canCorrect={recorder} />}
      {!final && recorder && inFlight && (
        <div className={`${styles.fuFinal} ${styles.fuFinalPending}`} data-testid="conclusion-sent-text">
          <p className={styles.fuFinalText}>{draft?.text ?? ''}</p>
        </div>
      )}
      {!final && recorder && !inFlight && <ConclusionEditor view={view} item={item} />}
      {record && <ConclusionState record={record} />}
      <ItemTasks view={view} itemId={item.id} conclusionId={final?.id ?? null} canAssign={recorder} />
    </article>
  );
}
