/**
 * The receipt key of each server this device talks to, pinned at sign-in and kept in the
 * local store: the outbox checks every receipt against it before it lets go of a record.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { ReceiptFields } from '../../shared/receipts';
import { verifyReceipt } from '../../node/signatures';
import type { LocalDb } from './db';

const settingKey = (serverUrl: string) => `receipt-key:${serverUrl}`;

export class ReceiptKeys {
  private readonly keys = new Map<string, KeyObject>();

  constructor(
    private readonly db: LocalDb,
    private readonly log: (level: 'info' | 'warn', message: string, extra?: unknown) => void,
  ) {}

  /** Stores the key a server gave at sign-in. A different key than before is logged: the server's data was reset or replaced. */
  pin(serverUrl: string, publicKeyBase64: string): void {
    const key = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`The server's receipt key is ${key.asymmetricKeyType}, not Ed25519.`);
    const before = this.stored(serverUrl);
    if (before && before !== publicKeyBase64) this.log('warn', 'the server presented a new receipt key at sign-in', { serverUrl });
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(settingKey(serverUrl), publicKeyBase64);
    this.keys.set(serverUrl, key);
  }

  has(serverUrl: string): boolean {
    return this.keys.has(serverUrl) || this.stored(serverUrl) !== null;
  }

  /** The pinned key, or null before sign-in pinned one (audit heads verify with it too). */
  publicKey(serverUrl: string): KeyObject | null {
    let key = this.keys.get(serverUrl);
    if (!key) {
      const b64 = this.stored(serverUrl);
      if (!b64) return null;
      key = createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' });
      this.keys.set(serverUrl, key);
    }
    return key;
  }

  verify(serverUrl: string, fields: ReceiptFields, signature: string): boolean {
    const key = this.publicKey(serverUrl);
    if (!key) return false;
    return verifyReceipt(key, fields, signature);
  }

  private stored(serverUrl: string): string | null {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(settingKey(serverUrl)) as { value: string } | undefined)?.value ?? null;
  }
}
