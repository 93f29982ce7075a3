import { useTranslation } from 'react-i18next';
import { formatCountdown, speechClock } from '../../../shared/domain/speaking';
import type { SpeakerRequest } from '../../../shared/ydoc/live';
import { useServerNow } from '../../app/useServerNow';
import styles from './speakers.module.css';
import { visibleText } from '../../app/visible-text';
import { useModal } from '../../app/useModal';

interface Props {
  speaker: SpeakerRequest;
  meetingTitle: string;
  itemLabel: string | null;
  onClose(): void;
}

/**
 * The speaker on the hall's projector: large type, high contrast, nothing to click but
 * close. The countdown is computed here, from the same server instants as on every device.
 */
export function SpeakerHall({ speaker, meetingTitle, itemLabel, onClose }: Props) {
  const { t } = useTranslation('room');
  const { ref, close } = useModal(onClose, { fullscreen: true });
  const now = useServerNow(500, !speaker.pausedAt);
  const clock = speechClock(speaker, now);

  return (
    <dialog
      ref={ref}
      className={styles.spHall}
      data-testid="speaker-hall-display"
      aria-label={t('hall.title')}
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
    >
      <button type="button" className={styles.spHallClose} aria-label={t('hall.close')} onClick={() => close()}>
        ×
      </button>
      <p className={styles.spHallMeeting}>{visibleText(meetingTitle)}</p>
      {itemLabel && <p className={styles.spHallItem}>{itemLabel}</p>}
      <p className={styles.spHallLabel}>{t('floor.label')}</p>
      <p className={styles.spHallName}>{visibleText(speaker.name)}</p>
      {speaker.siteName && <p className={styles.spHallSite}>{t('floor.from', { site: speaker.siteName })}</p>}
      {speaker.kind !== 'speak' && <p className={styles.spHallKind}>{t(`kind.${speaker.kind}`)}</p>}
      <p className={styles.spHallClock} data-tone={clock.tone} role="timer">
        {clock.remainingMs === null ? formatCountdown(clock.spokenMs) : formatCountdown(clock.remainingMs)}
      </p>
      {clock.paused && <p className={styles.spHallPaused}>{t('clock.paused')}</p>}
    </dialog>
  );
}
