import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { RoomView } from '../../../shared/ydoc/seating';
import { formatStamp, zoneOf } from '../../app/format';
import { currentLanguage } from '../../i18n';
import type { SeatIndex } from './seatIndex';
import styles from './seating.module.css';
import { TableHead } from '../../app/TableHead';

interface Props {
  view: MeetingView;
  room: RoomView;
  index: SeatIndex;
  image: string | null;
}

/**
 * Only printed (hidden on screen): the room as a picture with labels, then every seat with
 * its occupant in columns. The person uses "Save as PDF" in the print dialog for a file.
 */
export function PrintView({ view, room, index, image }: Props) {
  const { t } = useTranslation('seating');
  const site = room.siteId ? index.siteName.get(room.siteId) : undefined;
  const seated = room.seats.filter((s) => s.participantId);
  return (
    <div className={styles.seatingPrintArea} aria-hidden="true">
      <h1>{view.content.meta.title}</h1>
      <h2>
        {t('print.heading', { room: room.name })}
        {site && site !== room.name ? ` · ${site}` : ''}
      </h2>
      <p>{t('print.summary', { seats: room.seats.length, seated: seated.length, date: formatStamp(new Date(), currentLanguage(), zoneOf(view.content.meta)) })}</p>
      {image && <img src={image} alt="" className={styles.printMap} />}
      <table className={styles.printSeatList}>
        <TableHead columns={[t('print.seat'), t('print.person')]} />
        <tbody>
          {seated.map((s) => {
            const p = index.people.get(s.participantId!);
            return (
              <tr key={s.id}>
                <td>{s.label}</td>
                <td>
                  {p?.name}
                  {p?.position ? `, ${p.position}` : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
