/**
 * The audit chain's head as others keep it (issue 18). A head is the last entry's hash and
 * the chain's length; whoever keeps one (a device from a receipt or from `live/<id>`, a
 * notice, the minutes) can later ask verify to prove the chain still contains it, so a
 * shortened, emptied or recomputed chain is seen. Pure: the server signs and the device
 * verifies the same message.
 */
import { z } from 'zod';

const Hash = z.string().regex(/^[0-9a-f]{64}$/);

/** What the server publishes in `live/<id>` state.auditHead, signed with its receipt key. */
export const SignedAuditHead = z.object({
  hash: Hash,
  length: z.number().int().nonnegative(),
  /** When the server read it (ISO time). */
  at: z.string().max(40),
  /** Ed25519 over auditHeadMessage, base64url. */
  signature: z.string().max(200),
});
export type SignedAuditHead = z.infer<typeof SignedAuditHead>;

export function auditHeadMessage(meetingId: string, h: { hash: string; length: number; at: string }): string {
  return ['opencabinet-audit-head/1', meetingId, String(h.length), h.hash, h.at].join('\n');
}

/** `HASH` or `HASH:LENGTH` (the CLI's --head); an error names what is wrong. */
export function parseHeadArg(text: string): { hash: string; length: number | null } {
  const m = /^([0-9a-fA-F]{64})(?::(\d{1,12}))?$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a head: give 64 hex characters, optionally followed by ":LENGTH" (e.g. 3f…a9:42).`);
  const length = m[2] === undefined ? null : Number(m[2]);
  if (length === 0) throw new Error(`"${text}": a head's length counts entries and starts at 1.`);
  return { hash: m[1]!.toLowerCase(), length };
}
