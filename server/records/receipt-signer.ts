/**
 * The server's receipt key: made once per data folder and kept there (mode 0600), so
 * receipts stay verifiable across restarts. Ed25519 signatures are deterministic: a retry
 * of the same record gets byte-for-byte the same receipt without storing it.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { auditHeadMessage, type SignedAuditHead } from '../../shared/audit';
import { receiptCode, receiptMessage, type ReceiptFields } from '../../shared/receipts';
import { verifyReceipt } from '../../node/signatures';

export interface SignedReceipt {
  receipt: string;
  signature: string;
}

export class ReceiptSigner {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {}

  static open(dataDir: string): ReceiptSigner {
    const file = path.join(dataDir, 'receipt-key.pem');
    let pem: string;
    try {
      pem = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const { privateKey } = generateKeyPairSync('ed25519');
      pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      fs.mkdirSync(dataDir, { recursive: true });
      // 'wx': two servers started on one folder at once must not each write their own key.
      try {
        fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        pem = fs.readFileSync(file, 'utf8');
      }
    }
    const privateKey = createPrivateKey(pem);
    return new ReceiptSigner(privateKey, createPublicKey(privateKey));
  }

  /** The public key as base64 SubjectPublicKeyInfo (DER), what devices pin and verify with. */
  publicKeyBase64(): string {
    return (this.publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');
  }

  sign(fields: ReceiptFields): SignedReceipt {
    const signature = sign(null, Buffer.from(receiptMessage(fields)), this.privateKey).toString('base64url');
    return { receipt: receiptCode(signature), signature };
  }

  /** The audit chain's head as `live/<id>` carries it (issue 18), signed with the same key. */
  signHead(meetingId: string, head: { hash: string; length: number }, at = new Date().toISOString()): SignedAuditHead {
    const h = { hash: head.hash, length: head.length, at };
    return { ...h, signature: sign(null, Buffer.from(auditHeadMessage(meetingId, h)), this.privateKey).toString('base64url') };
  }

  verify(fields: ReceiptFields, signature: string): boolean {
    return verifyReceipt(this.publicKey, fields, signature);
  }
}

// Checking is the device's too: one implementation in node/ for both.
export { verifyReceipt } from '../../node/signatures';
