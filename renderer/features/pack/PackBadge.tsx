import { useTranslation } from 'react-i18next';
import { usePackStatus } from './usePackStatus';
import { toneClass, type Tone } from '../../app/tone';
import styles from './pack.module.css';

/** The badge's colours: ready offline green, downloading blue, failed red. */
const BADGE_TONE: Record<'ready' | 'failed' | 'downloading', Tone> = { ready: 'green', downloading: 'blue', failed: 'red' };

/** The pack's state in a word, for a meeting card: ready offline, downloading n%, or failed. */
export function PackBadge({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation('reader');
  const { status } = usePackStatus(meetingId);
  if (!status || status.files.length === 0) return null;
  const failed = status.files.some((f) => f.state === 'failed');
  const percent = status.totalBytes > 0 ? Math.floor((status.receivedBytes / status.totalBytes) * 100) : 100;
  const kind = status.readyOffline ? 'ready' : failed ? 'failed' : 'downloading';
  return (
    <span className={`${styles.packBadge} ${styles[`pack-badge-${kind}`] ?? ''} ${toneClass(BADGE_TONE[kind])}`} data-testid="pack-badge" data-ready-offline={status.readyOffline}>
      {kind === 'ready' ? t('pack.readyOffline') : kind === 'failed' ? t('pack.badgeFailed') : t('pack.badgeDownloading', { percent })}
    </span>
  );
}
