import type { MeetingView } from '../../../shared/contract';
import { canSpeak, runsMeeting } from '../../../shared/roles';
import { AskToSpeak } from '../speakers';
import { SpeakerBar } from '../speakers';
import { SpeakerQueue } from '../speakers';
import styles from './agenda.module.css';

/**
 * "Đăng ký phát biểu" under the item under discussion: who has the floor and the countdown
 * (everyone), asking to speak (participants), and the list (whoever runs the meeting).
 * The parts live in features/speakers.
 */
export function Speakers({ view }: { view: MeetingView }) {
  const runs = runsMeeting(view.role);
  const waiting = view.speakers.filter((r) => r.status === 'waiting').length;
  return (
    <div className={styles.speakers} data-testid="speakers" data-waiting={waiting}>
      <SpeakerBar view={view} />
      {canSpeak(view.role) && !runs && <AskToSpeak view={view} />}
      {runs && <SpeakerQueue view={view} />}
    </div>
  );
}
