import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { RoomView } from '../../../shared/ydoc/seating';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { Icon } from '../../app/icons';
import { useAction } from '../../app/useAction';
import styles from './seating.module.css';
import { SiteOptions } from '../sites';
import { InlineConfirm } from './InlineConfirm';

interface Props {
  view: MeetingView;
  room: RoomView | null;
  onSelect(roomId: string): void;
}

/** Picks the room shown; the secretariat also adds, renames, re-sites and removes rooms (one per site). */
export function RoomBar({ view, room, onSelect }: Props) {
  const { t } = useTranslation('seating');
  const client = useClient();
  const { run, error, clearError, busy } = useAction();
  const [form, setForm] = useState<null | 'add' | 'edit'>(null);
  const [name, setName] = useState('');
  const [siteId, setSiteId] = useState<string>('');
  const meetingId = view.id;
  const rooms = view.seating.rooms;
  const siteName = (id: string | null) => view.content.sites.find((s) => s.id === id)?.name;

  function openAdd() {
    // Suggest the first site that has no room yet, named after it.
    const taken = new Set(rooms.map((r) => r.siteId));
    const site = view.content.sites.find((s) => !taken.has(s.id));
    setName(site?.name ?? '');
    setSiteId(site?.id ?? '');
    setForm('add');
  }

  function openEdit() {
    if (!room) return;
    setName(room.name);
    setSiteId(room.siteId ?? '');
    setForm('edit');
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    const site = siteId || null;
    if (form === 'add') {
      let created = '';
      const ok = await run(async () => {
        created = (await client.seating.addRoom({ meetingId, siteId: site, name: trimmed })).roomId;
      });
      if (ok) {
        setForm(null);
        onSelect(created);
      }
    } else if (room && (await run(() => client.seating.updateRoom({ meetingId, roomId: room.id, name: trimmed, siteId: site })))) setForm(null);
  }

  return (
    <div className={styles.roomBar}>
      <div className={`wrap-row ${styles.roomBarRow}`}>
        <label className={styles.roomSelectLabel}>
          <span>{t('room.label')}</span>
          <select data-testid="room-select" value={room?.id ?? ''} onChange={(e) => onSelect(e.target.value)} disabled={rooms.length === 0}>
            {rooms.length === 0 && <option value="">{t('room.none')}</option>}
            {rooms.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name || t('room.untitled')}
                {r.siteId && siteName(r.siteId) && siteName(r.siteId) !== r.name ? ` · ${siteName(r.siteId)}` : ''} ({t('room.seats', { count: r.seats.length })})
              </option>
            ))}
          </select>
        </label>
        {view.canEdit && form === null && (
          <div className="wrap-row">
            <button type="button" className="btn btn-small" data-testid="room-add" onClick={openAdd}>
              <Icon name="add" />
              {t('room.add')}
            </button>
            {room && (
              <>
                <button type="button" className="btn btn-small" data-testid="room-edit" onClick={openEdit}>
                  <Icon name="edit" />
                  {t('room.edit')}
                </button>
                <InlineConfirm
                  label={t('room.remove')}
                  question={t('room.removeConfirm', { name: room.name, count: room.seats.length })}
                  icon="trash"
                  testId="room-remove"
                  busy={busy}
                  onConfirm={() => run(() => client.seating.removeRoom({ meetingId, roomId: room.id }))}
                />
              </>
            )}
          </div>
        )}
      </div>
      {form && (
        <form className={`wrap-row ${styles.roomForm}`} onSubmit={submit} data-testid="room-form">
          <label>
            <span>{t('room.name')}</span>
            <input data-testid="room-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus required maxLength={500} />
          </label>
          <label>
            <span>{t('room.site')}</span>
            <select data-testid="room-site" value={siteId} onChange={(e) => setSiteId(e.target.value)}>
              <option value="">{t('room.noSite')}</option>
              <SiteOptions sites={view.content.sites} />
            </select>
          </label>
          <button type="submit" className="btn btn-small btn-primary" data-testid="room-save" disabled={busy}>
            {form === 'add' ? t('room.create') : t('common.save')}
          </button>
          <button type="button" className="btn btn-small" onClick={() => setForm(null)}>
            {t('common.cancel')}
          </button>
        </form>
      )}
      <ErrorNotice error={error} onDismiss={clearError} />
    </div>
  );
}
