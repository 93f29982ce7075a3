import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { candidatesForRoom } from '../../../shared/domain/seating';
import type { SeatingProblem, SeatKind, SeatView } from '../../../shared/ydoc/seating';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { Icon } from '../../app/icons';
import { BlockForm } from './BlockForm';
import { FindSeat } from './FindSeat';
import { Legend } from './Legend';
import { PrintView } from './PrintView';
import { renderRoomImage } from './printImage';
import { RoomBar } from './RoomBar';
import { SeatingProblems } from './SeatingProblems';
import { SeatMap } from './SeatMap';
import { SeatSearch } from './SeatSearch';
import { computeSeatStates, seatStates, type SeatState } from './seatState';
import { SelectionTools } from './SelectionTools';
import { UnassignedList } from './UnassignedList';
import { sameBytes, useStable, useSeatingIndex } from './stable';
import { useAction } from '../../app/useAction';
import styles from './seating.module.css';
import { InlineConfirm } from './InlineConfirm';

type Mode = 'arrange' | 'attendance';

const noSeats: SeatView[] = [];

/**
 * The seating plan of a meeting. The secretariat draws rooms and seats and places people;
 * everyone else sees the map, their own seat and can find anyone's. In "attendance" mode a
 * click on a seat checks its occupant in or out.
 */
export function SeatingTab({ view }: { view: MeetingView }) {
  const { t } = useTranslation('seating');
  const client = useClient();
  const { run, error, clearError, busy } = useAction();
  const meetingId = view.id;
  const editable = view.canEdit;
  // Seating data keeps its identity while its content is unchanged (see stable.ts), so a
  // view that changed elsewhere rebuilds no index and does not repaint the map.
  const { rooms, participants, index } = useSeatingIndex(view);
  const mine = index.seatOf.get(view.me);
  const [roomId, setRoomId] = useState<string | null>(null);
  const room = rooms.find((r) => r.id === roomId) ?? mine?.room ?? rooms[0] ?? null;
  const [selectedIds, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [selectedPerson, setSelectedPerson] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>('arrange');
  const [blockOpen, setBlockOpen] = useState(false);
  const [found, setFound] = useState<string | null>(null);
  const [centerRequest, setCenterRequest] = useState<{ seatId: string; nonce: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [printImage, setPrintImage] = useState<string | null>(null);
  const [printNonce, setPrintNonce] = useState(0);

  const seats = room?.seats ?? noSeats;
  const fresh = useMemo(() => computeSeatStates(view, seats), [view, seats]);
  const states = useStable(fresh, sameBytes);
  const counts = useMemo(() => {
    const c: Partial<Record<SeatState, number>> = {};
    for (const s of states) c[seatStates[s]!] = (c[seatStates[s]!] ?? 0) + 1;
    return c;
  }, [states]);
  // A co-editor may delete seats we had selected: keep only those still in the room.
  const selected = useMemo(() => {
    const ids = new Set(seats.map((s) => s.id));
    return new Set([...selectedIds].filter((id) => ids.has(id)));
  }, [selectedIds, seats]);
  const selectedSeats = useMemo(() => seats.filter((s) => selected.has(s.id)), [seats, selected]);
  const nameOf = useCallback((id: string) => index.people.get(id)?.name, [index]);

  useEffect(() => {
    if (printNonce) window.print();
  }, [printNonce]);

  function selectRoom(id: string) {
    setRoomId(id);
    setSelected(new Set());
    setFound(null);
  }

  function focusSeat(seat: SeatView) {
    setFound(seat.id);
    setCenterRequest({ seatId: seat.id, nonce: Date.now() });
  }

  // A manual change makes any earlier action's message (an auto-assign's count) out of date.
  const assign = (seat: SeatView, participantId: string | null) => {
    setNotice(null);
    return room ? run(() => client.seating.assign({ meetingId, roomId: room.id, seatId: seat.id, participantId })) : Promise.resolve(false);
  };

  function onDropPerson(participantId: string, seat: SeatView) {
    if (seat.kind === 'podium') return setNotice(t('notice.podium'));
    void assign(seat, participantId);
    setSelectedPerson(null);
  }

  function onMovePerson(from: SeatView, to: SeatView) {
    if (!room || !from.participantId) return;
    if (to.kind === 'podium') return setNotice(t('notice.podium'));
    setNotice(null);
    if (to.participantId) void run(() => client.seating.swap({ meetingId, a: { roomId: room.id, seatId: from.id }, b: { roomId: room.id, seatId: to.id } }));
    else void assign(to, from.participantId);
  }

  function toggleAttendance(seat: SeatView) {
    const pid = seat.participantId;
    if (!pid) return;
    const current = view.attendance.pending[pid] ?? view.attendance.marks[pid];
    const status = current?.status === 'present' ? 'absent' : 'present';
    void run(() => client.attendance.mark({ meetingId, userIds: [pid], status, substitute: null }));
  }

  function onSeatClick(seat: SeatView | null, additive: boolean) {
    setNotice(null);
    if (!seat) {
      if (!additive) setSelected(new Set());
      return;
    }
    if (editable && mode === 'attendance') return toggleAttendance(seat);
    if (editable && selectedPerson) {
      onDropPerson(selectedPerson, seat);
      return;
    }
    if (!editable) {
      setFound(seat.id);
      const name = seat.participantId ? nameOf(seat.participantId) : undefined;
      setNotice(name ? `${seat.label} · ${name}` : `${seat.label} · ${t('search.empty')}`);
      return;
    }
    setSelected((prev) => {
      if (!additive) return new Set([seat.id]);
      const next = new Set(prev);
      if (next.has(seat.id)) next.delete(seat.id);
      else next.add(seat.id);
      return next;
    });
  }

  function onRectSelect(ids: string[], additive: boolean) {
    setSelected((prev) => new Set(additive ? [...prev, ...ids] : ids));
  }

  function onMoveSelection(dx: number, dy: number) {
    if (!room || !selectedSeats.length) return;
    // Refuse a move onto a seat that is not itself moving: two seats in one cell are unreadable.
    const taken = new Set(seats.filter((s) => !selected.has(s.id)).map((s) => `${s.x},${s.y}`));
    if (selectedSeats.some((s) => taken.has(`${s.x + dx},${s.y + dy}`))) return setNotice(t('notice.moveBlocked'));
    void run(() => client.seating.updateSeats({ meetingId, roomId: room.id, seats: selectedSeats.map((s) => ({ seatId: s.id, x: s.x + dx, y: s.y + dy })) }));
  }

  async function onDelete() {
    if (!room || !selectedSeats.length) return;
    if (await run(() => client.seating.removeSeats({ meetingId, roomId: room.id, seatIds: selectedSeats.map((s) => s.id) }))) setSelected(new Set());
  }

  function onKind(kind: SeatKind) {
    if (room) void run(() => client.seating.updateSeats({ meetingId, roomId: room.id, seats: selectedSeats.map((s) => ({ seatId: s.id, kind })) }));
  }

  function onRelabel(label: string) {
    const seat = selectedSeats[0];
    if (room && seat) void run(() => client.seating.updateSeats({ meetingId, roomId: room.id, seats: [{ seatId: seat.id, label }] }));
  }

  function onClearPeople() {
    // One call per seat: the contract clears seats one at a time (a room has "clear room").
    void run(async () => {
      for (const s of selectedSeats) if (s.participantId && room) await client.seating.assign({ meetingId, roomId: room.id, seatId: s.id, participantId: null });
    });
  }

  function onFix(problem: SeatingProblem) {
    if (problem.kind === 'seat_overlap') {
      void run(async () => {
        // Whoever sat on an extra seat moves to the one kept, if it is free; then the extras go.
        const kept = index.bySeatId.get(problem.keptSeatId)?.seat;
        const seated = problem.extraSeatIds.map((id) => index.bySeatId.get(id)?.seat.participantId).find((p) => !!p);
        if (kept && !kept.participantId && seated) await client.seating.assign({ meetingId, roomId: problem.roomId, seatId: kept.id, participantId: seated });
        await client.seating.removeSeats({ meetingId, roomId: problem.roomId, seatIds: problem.extraSeatIds });
      });
      return;
    }
    void run(async () => {
      const seatIds = problem.kind === 'seated_twice' ? problem.seatIds.filter((id) => id !== problem.keptSeatId) : [problem.seatId];
      for (const seatId of seatIds) {
        const at = index.bySeatId.get(seatId);
        if (at) await client.seating.assign({ meetingId, roomId: at.room.id, seatId, participantId: null });
      }
    });
  }

  async function autoAssign() {
    if (!room) return;
    let result = { assigned: 0, unassigned: 0, withoutSite: 0 };
    // Who is still waiting is the live summary below the map; the message says what was done.
    if (await run(async () => (result = await client.seating.autoAssign({ meetingId, roomId: room.id }))))
      setNotice([t('notice.autoAssigned', { count: result.assigned }), result.withoutSite ? t('notice.skippedNoSite', { count: result.withoutSite }) : ''].filter(Boolean).join(' '));
  }

  function print() {
    if (!room) return;
    setPrintImage(renderRoomImage(room, states, nameOf));
    setPrintNonce((n) => n + 1);
  }

  // Always computed from the plan as it is now, so it never lags a manual assignment.
  const waiting = useMemo(
    () => (room ? candidatesForRoom(participants, room, view.content.sites, new Set(index.seatOf.keys())) : null),
    [participants, room, view.content.sites, index],
  );
  const highlightId = found ?? mine?.seat.id ?? null;
  const roomSite = room?.siteId ? index.siteName.get(room.siteId) : undefined;

  return (
    <div className={styles.seatingTab} data-testid="seating-tab">
      <RoomBar view={view} room={room} onSelect={selectRoom} />
      {room && editable && (
        <div className={`wrap-row ${styles.seatingToolbar}`} role="toolbar" aria-label={t('toolbar.label')}>
          <button type="button" className="btn btn-small btn-primary" data-testid="block-generate" onClick={() => setBlockOpen((o) => !o)} aria-expanded={blockOpen}>
            <Icon name="add" />
            {t('toolbar.block')}
          </button>
          <button type="button" className="btn btn-small" data-testid="seat-auto-assign" onClick={() => void autoAssign()} disabled={busy || !seats.length}>
            {t('toolbar.autoAssign')}
          </button>
          <InlineConfirm
            label={t('toolbar.clear')}
            question={t('toolbar.clearConfirm', { name: room.name })}
            testId="room-clear"
            disabled={!seats.some((s) => s.participantId)}
            busy={busy}
            onConfirm={() => run(() => client.seating.clearRoom({ meetingId, roomId: room.id }))}
          />
          <div className={styles.modeSwitch} role="radiogroup" aria-label={t('mode.label')}>
            {(['arrange', 'attendance'] as const).map((m) => (
              <button key={m} type="button" role="radio" aria-checked={mode === m} className={`${styles.modeOption}${mode === m ? ' is-selected' : ''}`} data-testid={`seat-mode-${m}`} onClick={() => setMode(m)}>
                {t(`mode.${m}`)}
              </button>
            ))}
          </div>
          <button type="button" className="btn btn-small" data-testid="seating-print" onClick={print} disabled={!seats.length}>
            {t('toolbar.print')}
          </button>
        </div>
      )}
      {blockOpen && room && <BlockForm view={view} room={room} onDone={() => setBlockOpen(false)} />}
      <ErrorNotice error={error} onDismiss={clearError} />
      {!room ? (
        <div className="empty-inline" data-testid="seating-empty">
          {editable ? t('room.emptyEdit') : t('room.empty')}
        </div>
      ) : (
        <div className={styles.seatingLayout}>
          <div className={styles.seatingMain}>
            <div className={styles.seatingMapHead}>
              <div>
                <strong>{room.name}</strong>
                {roomSite && roomSite !== room.name && <span className="person-sub"> · {roomSite}</span>}
                <span className="person-sub"> · {t('room.seats', { count: seats.length })}</span>
              </div>
              {!editable && (
                <button type="button" className="btn btn-small" data-testid="seating-print" onClick={print} disabled={!seats.length}>
                  {t('toolbar.print')}
                </button>
              )}
            </div>
            {seats.length === 0 ? (
              <div className="empty-inline">{editable ? t('room.noSeatsEdit') : t('room.noSeats')}</div>
            ) : (
              <SeatMap
                roomId={room.id}
                seats={seats}
                states={states}
                selected={selected}
                highlightId={highlightId}
                centerRequest={centerRequest}
                nameOf={nameOf}
                editable={editable && mode === 'arrange'}
                label={t('map.label', { room: room.name, count: seats.length })}
                onSeatClick={onSeatClick}
                onRectSelect={editable && mode === 'arrange' ? onRectSelect : undefined}
                onMovePerson={onMovePerson}
                onDropPerson={editable ? onDropPerson : undefined}
                onMoveSelection={onMoveSelection}
                onDeleteSelection={() => void onDelete()}
              />
            )}
            <p className={styles.seatingStatus} role="status" data-testid="seating-status">
              {notice ?? (editable ? (mode === 'attendance' ? t('mode.attendanceHint') : t('map.hintEdit')) : t('map.hint'))}
            </p>
            {editable && waiting && (
              <p className={styles.seatingSummary} data-testid="seating-summary" data-waiting={waiting.people.length} data-without-site={waiting.withoutSite}>
                {t('summary.waiting', { count: waiting.people.length })}
                {waiting.withoutSite > 0 && <strong className={styles.seatingSummaryWarn}> {t('summary.withoutSite', { count: waiting.withoutSite })}</strong>}
              </p>
            )}
            <Legend counts={counts} />
          </div>
          <aside className={styles.seatingSide}>
            {editable ? (
              <>
                <SeatingProblems problems={view.seating.problems} index={index} editable busy={busy} onFix={onFix} onShow={(id) => {
                  const at = index.bySeatId.get(id);
                  if (at) {
                    if (at.room.id !== room.id) setRoomId(at.room.id);
                    focusSeat(at.seat);
                  }
                }} />
                {selectedSeats.length > 0 && (
                  <SelectionTools
                    room={room}
                    seats={selectedSeats}
                    index={index}
                    busy={busy}
                    onKind={onKind}
                    onRelabel={onRelabel}
                    onClearPeople={onClearPeople}
                    onDelete={() => void onDelete()}
                    onDeselect={() => setSelected(new Set())}
                  />
                )}
                <SeatSearch
                  room={room}
                  participants={participants}
                  index={index}
                  selectedPerson={selectedPerson}
                  selectedSeat={selectedSeats.length === 1 ? selectedSeats[0]! : null}
                  onAssign={(seat, pid) => void assign(seat, pid)}
                  onSelectPerson={setSelectedPerson}
                  onFocusSeat={(seat) => {
                    focusSeat(seat);
                    setSelected(new Set([seat.id]));
                  }}
                />
                <UnassignedList participants={participants} index={index} room={room} selectedPerson={selectedPerson} onSelectPerson={setSelectedPerson} />
              </>
            ) : (
              <section className={`panel ${styles.seatingSidePanel}`}>
                <h3 className="panel-title small">{t('find.title')}</h3>
                <FindSeat
                  participants={participants}
                  index={index}
                  onFound={(at) => {
                    if (at.room.id !== room.id) setRoomId(at.room.id);
                    focusSeat(at.seat);
                  }}
                />
                {mine && (
                  <button type="button" className="btn btn-small" data-testid="show-my-seat" onClick={() => {
                    setRoomId(mine.room.id);
                    focusSeat(mine.seat);
                  }}>
                    {t('mySeat.show', { label: mine.seat.label })}
                  </button>
                )}
              </section>
            )}
          </aside>
          <PrintView view={view} room={room} index={index} image={printImage} />
        </div>
      )}
    </div>
  );
}
