/**
 * What a seat shows: who sits there and how their attendance stands. Kept apart from the
 * canvas so the legend, the print view and the map agree on one set of states and colours.
 */
import type { MeetingView } from '../../../shared/contract';
import type { AttendanceMark } from '../../../shared/domain/attendance';
import type { SeatView } from '../../../shared/ydoc/seating';

export const seatStates = ['empty', 'assigned', 'present', 'excused', 'absent', 'mine'] as const;
export type SeatState = (typeof seatStates)[number];

/** Fill and stroke per state; WCAG-contrasting label colour for each fill. */
export const seatPalette: Record<SeatState, { fill: string; stroke: string; text: string }> = {
  empty: { fill: '#ffffff', stroke: '#9aa3b2', text: '#3d4656' },
  assigned: { fill: '#c9d6ec', stroke: '#1f4e8c', text: '#0f203d' },
  present: { fill: '#2e8b57', stroke: '#17723f', text: '#ffffff' },
  excused: { fill: '#f2c14e', stroke: '#8a5a00', text: '#3d2a00' },
  absent: { fill: '#e7a3ad', stroke: '#a5122a', text: '#4a0812' },
  mine: { fill: '#c0182f', stroke: '#6e0a19', text: '#ffffff' },
};

/** The mark that counts for display: this device's own pending mark wins over the published one. */
export function effectiveMark(view: MeetingView, userId: string): AttendanceMark | undefined {
  return view.attendance.pending[userId] ?? view.attendance.marks[userId];
}

/**
 * Once check-in has started (window open, meeting started, or any mark recorded) a seated
 * person without a mark is shown as missing; before that they are simply "assigned".
 */
export function attendanceStarted(view: MeetingView): boolean {
  return view.live.checkInOpen || view.live.startedAt !== null || Object.keys(view.attendance.marks).length > 0;
}

export function seatStateOf(view: MeetingView, seat: SeatView, started: boolean): SeatState {
  const pid = seat.participantId;
  if (!pid) return 'empty';
  if (pid === view.me) return 'mine';
  const mark = effectiveMark(view, pid);
  if (mark?.status === 'present') return 'present';
  if (mark?.status === 'excused') return 'excused';
  if (mark?.status === 'absent' || started) return 'absent';
  return 'assigned';
}

/** One state index per seat, in the room's seat order (what the canvas draws from). */
export function computeSeatStates(view: MeetingView, seats: readonly SeatView[]): Uint8Array {
  const started = attendanceStarted(view);
  const out = new Uint8Array(seats.length);
  seats.forEach((s, i) => (out[i] = seatStates.indexOf(seatStateOf(view, s, started))));
  return out;
}
