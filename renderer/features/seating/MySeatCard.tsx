import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { FindSeat } from './FindSeat';
import type { SeatOf } from './seatIndex';
import { SeatMap } from './SeatMap';
import { computeSeatStates } from './seatState';
import { sameBytes, useStable, useSeatingIndex } from './stable';
import styles from './seating.module.css';
import { Panel } from '../../app/Panel';

/**
 * On the meeting's home: "Chỗ ngồi của bạn: A-03-12 · Hội trường Diên Hồng" with a small
 * map centred on it, and a box to find anyone else's seat.
 */
export function MySeatCard({ view }: { view: MeetingView }) {
  const { t } = useTranslation('seating');
  const { rooms, participants, index } = useSeatingIndex(view);
  const mine = index.seatOf.get(view.me);
  const [found, setFound] = useState<{ seatId: string; roomId: string; nonce: number } | null>(null);
  const foundAt: SeatOf | undefined = found ? index.bySeatId.get(found.seatId) : undefined;
  const shown = foundAt ?? mine;
  const room = shown?.room ?? null;
  const fresh = useMemo(() => (room ? computeSeatStates(view, room.seats) : new Uint8Array()), [view, room]);
  const states = useStable(fresh, sameBytes);
  const nameOf = useCallback((id: string) => index.people.get(id)?.name, [index]);
  if (!rooms.length) return null;
  const site = mine?.room.siteId ? index.siteName.get(mine.room.siteId) : undefined;

  return (
    <Panel title={t('mySeat.title')} small className={styles.mySeatCard}>
      <p className={styles.mySeatText} data-testid="my-seat" data-seat-id={mine?.seat.id ?? ''}>
        {mine ? (
          <>
            {t('mySeat.yours')} <strong className={styles.mySeatLabel}>{mine.seat.label}</strong> · {mine.room.name}
            {site && site !== mine.room.name ? ` (${site})` : ''}
          </>
        ) : (
          t('mySeat.none')
        )}
      </p>
      {room && room.seats.length > 0 && (
        <SeatMap
          roomId={room.id}
          seats={room.seats}
          states={states}
          highlightId={shown?.seat.id ?? null}
          centerRequest={found ? { seatId: found.seatId, nonce: found.nonce } : null}
          nameOf={nameOf}
          mini
          label={t('mySeat.mapLabel', { room: room.name, label: shown?.seat.label ?? '' })}
          testId="my-seat-map"
        />
      )}
      <FindSeat participants={participants} index={index} onFound={(at) => setFound({ seatId: at.seat.id, roomId: at.room.id, nonce: Date.now() })} />
      {found && mine && (
        <button type="button" className="btn-link" onClick={() => setFound({ seatId: mine.seat.id, roomId: mine.room.id, nonce: Date.now() })}>
          {t('mySeat.back')}
        </button>
      )}
    </Panel>
  );
}
