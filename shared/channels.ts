/**
 * The names of every call and event, and nothing else: what the preload needs. Kept free
 * of zod so the sandboxed preload bundle stays a few kilobytes; `contract.ts` fails to
 * compile if this list and its calls ever differ.
 */
export const channelNames = [
  'app.info',
  'session.login',
  'session.logout',
  'session.current',
  'meetings.list',
  'meetings.create',
  'meetings.publish',
  'meetings.acknowledgeChanges',
  'meetings.open',
  'meetings.view',
  'meetings.close',
  'meetings.updateMeta',
  'agenda.add',
  'agenda.rename',
  'agenda.update',
  'agenda.remove',
  'agenda.move',
  'agenda.attachDocument',
  'agenda.detachDocument',
  'agenda.undo',
  'agenda.redo',
  'agenda.setCurrent',
  'participants.previewImport',
  'participants.import',
  'participants.add',
  'participants.update',
  'participants.remove',
  'sites.add',
  'sites.update',
  'sites.remove',
  'documents.upload',
  'documents.update',
  'documents.source',
  'pack.status',
  'pack.retry',
  'search.query',
  'annotations.list',
  'annotations.add',
  'annotations.update',
  'annotations.remove',
  'seating.addRoom',
  'seating.updateRoom',
  'seating.removeRoom',
  'seating.generateBlock',
  'seating.updateSeats',
  'seating.removeSeats',
  'seating.assign',
  'seating.swap',
  'seating.autoAssign',
  'seating.clearRoom',
  'attendance.checkIn',
  'attendance.mark',
  'attendance.setWindow',
  'polls.create',
  'polls.update',
  'polls.remove',
  'polls.open',
  'polls.close',
  'polls.publish',
  'polls.cast',
  'polls.recordHands',
  'polls.voters',
  'speakers.request',
  'speakers.withdraw',
  'speakers.grant',
  'speakers.finish',
  'conclusions.saveDraft',
  'conclusions.finalise',
  'conclusions.correct',
  'tasks.assign',
  'tasks.report',
  'tasks.attach',
  'tasks.extend',
  'tasks.list',
  'notices.generate',
  'reports.monthly',
  'sync.status',
] as const;
export type ChannelName = (typeof channelNames)[number];

export const eventNames = ['sync.status', 'session.changed', 'meeting.changed', 'meetings.changed', 'documents.progress', 'pack.progress', 'annotations.changed'] as const;
export type EventNameList = (typeof eventNames)[number];

export function isChannel(value: unknown): value is ChannelName {
  return typeof value === 'string' && (channelNames as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventNameList {
  return typeof value === 'string' && (eventNames as readonly string[]).includes(value);
}
