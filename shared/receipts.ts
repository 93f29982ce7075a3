/**
 * Receipts the server signs (Ed25519) for every record it accepts. A device keeps a record
 * "sending" until a receipt for exactly that record verifies against the server's key, so
 * a forged receipt, or a real one replayed for another record, can never make the outbox
 * forget a ballot. The signed text names who sent which record to which meeting and when,
 * never what was chosen: a receipt must not let anyone prove how a person voted.
 */
import type { OutboxRecord } from './api/outbox';

export interface ReceiptFields {
  meetingId: string;
  userId: string;
  kind: OutboxRecord['kind'];
  key: string;
  receivedAt: string;
  /**
   * The audit chain's head and length right after this record was stored (issue 18): a
   * device that keeps it can later prove the chain was not shortened or rewritten. Absent
   * only on receipts given before the chain was named in them.
   */
  auditHead?: string;
  auditLength?: number;
}

export const receiptAlgorithm = 'Ed25519';

export function receiptMessage(f: ReceiptFields): string {
  const base = [f.meetingId, f.userId, f.kind, f.key, f.receivedAt];
  // Version 2 signs the chain's head too; version 1 stays for receipts given before it.
  if (f.auditHead !== undefined && f.auditLength !== undefined) return ['opencabinet-receipt/2', ...base, String(f.auditLength), f.auditHead].join('\n');
  return ['opencabinet-receipt/1', ...base].join('\n');
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The short code a person can read out: the first five bytes of the signature, in hex. */
export function receiptCode(signature: string): string {
  // Eight base64url characters carry six bytes; five are enough.
  let bits = 0;
  let value = 0;
  let hex = '';
  for (const ch of signature.slice(0, 8)) {
    const v = alphabet.indexOf(ch);
    if (v < 0) break;
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      hex += ((value >> bits) & 0xff).toString(16).padStart(2, '0');
    }
  }
  hex = hex.slice(0, 10).toUpperCase();
  return `${hex.slice(0, 5)}-${hex.slice(5)}`;
}
