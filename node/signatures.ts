/**
 * Checks of what a server signs with its receipt key (Ed25519): a receipt, and the audit
 * chain's head that live/<id> carries. The device checks them for itself, the server for a
 * dispute. A malformed signature is a plain "no", never a throw.
 */
import { verify, type KeyObject } from 'node:crypto';
import { auditHeadMessage, type SignedAuditHead } from '../shared/audit';
import { receiptMessage, type ReceiptFields } from '../shared/receipts';

function signedBy(key: KeyObject, message: string, signature: string): boolean {
  try {
    const sig = Buffer.from(signature, 'base64url');
    return sig.length === 64 && verify(null, Buffer.from(message), key, sig);
  } catch {
    return false;
  }
}

export function verifyReceipt(key: KeyObject, fields: ReceiptFields, signature: string): boolean {
  return signedBy(key, receiptMessage(fields), signature);
}

export function verifyAuditHead(key: KeyObject, meetingId: string, head: SignedAuditHead): boolean {
  return signedBy(key, auditHeadMessage(meetingId, head), head.signature);
}
