/** The names of the two Yjs documents of a meeting, and the close codes of their sockets. */
import { z } from 'zod';

/** Yjs document names the sync server accepts: `meeting/<id>` and `live/<id>`. */
export const DocName = z
  .string()
  .regex(/^(meeting|live)\/[A-Za-z0-9_-]{1,64}$/, 'Document name must be meeting/<id> or live/<id>.');

export function parseDocName(name: string): { kind: 'meeting' | 'live'; meetingId: string } | null {
  const ok = DocName.safeParse(name);
  if (!ok.success) return null;
  const [kind, meetingId] = name.split('/') as ['meeting' | 'live', string];
  return { kind, meetingId };
}

/**
 * WebSocket close codes the sync server and the browser bridge use (4000–4999 are ours).
 * y-websocket's convention: 44xx means "do not come back" (the client stops reconnecting),
 * 45xx means "try again later" — a flood is the latter, or the edits behind it would stay
 * on the device until the meeting is opened again.
 */
export const closeCodes = {
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  tooLarge: 4413,
  rateLimited: 4529,
  badMessage: 4400,
} as const;
