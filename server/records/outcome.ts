import type { ErrorCode } from '../../shared/errors';
import type { RefusalReason } from '../../shared/api/outbox';
import type { MeetingRole } from '../../shared/roles';

/** What one record came to: accepted (with what to publish) or refused with a reason. */
export type Refusal = { ok: false; code: ErrorCode; message: string; reason?: RefusalReason; params?: Record<string, string> };
/**
 * `message` is for logs and API users; `reason` and `params` let a device say the same in
 * the person's language (the renderer has a text for every RefusalReason).
 */
export const refuse = (code: ErrorCode, message: string, reason?: RefusalReason, params?: Record<string, string>): Refusal =>
  reason ? { ok: false, code, message, reason, ...(params ? { params } : {}) } : { ok: false, code, message };

/** The caller of a records request: their id and their role in the meeting. */
export interface Caller {
  id: string;
  role: MeetingRole;
}

/** A time as the room's clock shows it, e.g. 14:05 (server local time). */
export function clock(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
