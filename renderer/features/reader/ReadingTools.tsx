import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { MyNotes } from '../annotations';
import { PackProgress } from '../pack';
import { usePackStatus } from '../pack';
import { SearchBox } from '../search';
import { DraftComments } from './DraftComments';
import { FollowPresenter } from './FollowPresenter';
import { ReaderHost } from './ReaderHost';
import styles from './reader.module.css';

/**
 * Everything for reading the pack, mounted once on the meeting screen: the pack search,
 * one's notes, the download state, and the reader itself when a document is opened.
 */
export function ReadingTools({ view }: { view: MeetingView }) {
  const { t } = useTranslation('reader');
  const pack = usePackStatus(view.id);
  const [notesOpen, setNotesOpen] = useState(false);
  return (
    <>
      <div className={styles.readingTools}>
        <SearchBox meetingId={view.id} />
        <button type="button" className="btn btn-small" data-testid="my-notes-open" onClick={() => setNotesOpen(true)}>
          {t('annotations.mine')}
        </button>
        <PackProgress pack={pack} />
      </div>
      {notesOpen && <MyNotes view={view} onClose={() => setNotesOpen(false)} />}
      <ReaderHost view={view} />
      <FollowPresenter view={view} />
      <DraftComments view={view} />
    </>
  );
}
