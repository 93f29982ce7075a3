/**
 * Password hashes: scrypt with a random salt. The parameters travel with the hash
 * (`scrypt$N$r$p$salt$hash`) so they can be raised later without breaking old accounts.
 */
import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

type Params = { N: number; r: number; p: number };
const params: Params = { N: 16384, r: 8, p: 1 };
/**
 * Initial passwords are 12 random characters from a 49-character alphabet (~67 bits), which
 * no cost factor is needed to protect from guessing; a quarter of the cost lets a 3,000-row
 * import finish in seconds rather than a minute. The cost travels with the hash, so the
 * user's own password later gets the full one.
 */
const initialParams: Params = { N: 4096, r: 8, p: 1 };
/** No 0/O, 1/l/I, 5/S or 2/Z: initial passwords are read off paper and typed by hand. */
const initialAlphabet = 'abcdefghjkmnpqrstuvwxyz34678ABCDEFGHJKMNPQRTUVWXY';
export const initialPasswordLength = 12;
const keyLength = 32;

function scryptAsync(password: string, salt: Buffer, len: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, len, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string, p: Params = params): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, keyLength, { ...p, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', p.N, p.r, p.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export function generateInitialPassword(): string {
  let out = '';
  for (let i = 0; i < initialPasswordLength; i++) out += initialAlphabet[randomInt(initialAlphabet.length)];
  return out;
}

export function hashInitialPassword(password: string): Promise<string> {
  return hashPassword(password, initialParams);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length === 0) return false;
  const key = await scryptAsync(password, salt, expected.length, { N, r, p, maxmem: 256 * N * r + 16 * 1024 * 1024 });
  return timingSafeEqual(key, expected);
}

/**
 * A hash to verify against when the user does not exist, so an unknown user name costs
 * the same scrypt time as a wrong password and timing does not tell them apart.
 */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}
