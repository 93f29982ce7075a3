/**
 * Reads and checks the signatures of a PDF without a PDF library: each signature
 * dictionary's /ByteRange names the signed bytes, and the gap between its two ranges holds
 * the CMS (PKCS#7) signature in hex. The check is the one pdfsig makes: the digest of the
 * signed bytes equals the CMS messageDigest attribute, and the signer's key verifies the
 * signed attributes. Trust in the certificate is not judged here — the caller compares it
 * with the organisation's. Runs in verify-pdf-worker.ts: a hostile file costs a worker.
 */
import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';

export interface PdfSignature {
  byteRange: [number, number, number, number];
  /** The signed ranges end at the end of the file: nothing was added after signing. */
  coversWholeFile: boolean;
  /** The digest of the signed bytes matches the one the signer signed. */
  digestMatches: boolean;
  /** The signer's public key verifies the signed attributes. */
  signatureValid: boolean;
  signer: { subject: string; fingerprint256: string; notAfter: string } | null;
  /** The signingTime attribute, as an ISO string. */
  signedAt: string | null;
  /** Why the signature could not be read, if it could not. */
  problem: string | null;
}

export interface PdfSignatureReport {
  sha256: string;
  size: number;
  signatures: PdfSignature[];
  /** The record id the server writes into a record's Info /Keywords ("OpenCabinetRecord:<id>"). */
  recordId: string | null;
  /** The Info /Title ("Thông báo kết luận số 1-TB/TU"). */
  title: string | null;
}

// ── A minimal DER reader: exact byte offsets, so the signed attributes are hashed as sent ──

interface Der {
  tag: number;
  start: number;
  body: number;
  end: number;
  children: Der[];
}

function readDer(b: Uint8Array, at: number, limit: number, depth = 0): Der {
  if (depth > 32) throw new Error('ASN.1 nested too deeply.');
  if (at + 2 > limit) throw new Error('ASN.1 truncated.');
  const tag = b[at]!;
  if ((tag & 0x1f) === 0x1f) throw new Error('ASN.1 high tag numbers are not used in CMS.');
  let len = b[at + 1]!;
  let body = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || body + n > limit) throw new Error('ASN.1 length not valid.');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[body + i]!;
    body += n;
  }
  const end = body + len;
  if (end > limit) throw new Error('ASN.1 length runs past its container.');
  const node: Der = { tag, start: at, body, end, children: [] };
  if (tag & 0x20) {
    let p = body;
    while (p < end) {
      const child = readDer(b, p, end, depth + 1);
      node.children.push(child);
      p = child.end;
    }
  }
  return node;
}

const bytesOf = (b: Uint8Array, n: Der) => b.subarray(n.body, n.end);

function oid(b: Uint8Array, n: Der): string {
  const v = bytesOf(b, n);
  const parts = [Math.floor(v[0]! / 40), v[0]! % 40];
  let acc = 0;
  for (let i = 1; i < v.length; i++) {
    acc = acc * 128 + (v[i]! & 0x7f);
    if (!(v[i]! & 0x80)) {
      parts.push(acc);
      acc = 0;
    }
  }
  return parts.join('.');
}

const digestNames: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const oidMessageDigest = '1.2.840.113549.1.9.4';
const oidSigningTime = '1.2.840.113549.1.9.5';

function derTime(b: Uint8Array, n: Der): string | null {
  const s = Buffer.from(bytesOf(b, n)).toString('latin1');
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return null;
  const year = m[1]!.length === 2 ? (Number(m[1]) < 50 ? 2000 : 1900) + Number(m[1]) : Number(m[1]);
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))).toISOString();
}

/** Checks one CMS SignedData against the digest of the bytes it signs. */
function checkCms(cms: Uint8Array, signed: (alg: string) => Buffer): Omit<PdfSignature, 'byteRange' | 'coversWholeFile'> {
  const content = readDer(cms, 0, cms.length);
  const signedData = content.children[1]?.children[0];
  if (!signedData) throw new Error('Not a CMS SignedData.');
  const certsNode = signedData.children.find((c) => c.tag === 0xa0);
  const signerInfos = signedData.children.at(-1)!;
  const si = signerInfos.children[0];
  if (!si) throw new Error('The signature has no signer.');
  // SignerInfo: version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature
  const [, sid, digestAlg] = si.children;
  const attrs = si.children.find((c) => c.tag === 0xa0);
  const sigValue = si.children.find((c, i) => i > 3 && c.tag === 0x04);
  if (!sid || !digestAlg || !attrs || !sigValue) throw new Error('The signer information is incomplete.');
  const alg = digestNames[oid(cms, digestAlg.children[0]!)];
  if (!alg) throw new Error('The signature uses an unknown digest algorithm.');
  let messageDigest: Uint8Array | null = null;
  let signedAt: string | null = null;
  for (const a of attrs.children) {
    const type = oid(cms, a.children[0]!);
    const value = a.children[1]?.children[0];
    if (!value) continue;
    if (type === oidMessageDigest) messageDigest = bytesOf(cms, value);
    if (type === oidSigningTime) signedAt = derTime(cms, value);
  }
  // The signer's certificate: the one whose serial number the SignerInfo names.
  const serial = sid.children[1] ? Buffer.from(bytesOf(cms, sid.children[1])).toString('hex').replace(/^(00)+/, '').toUpperCase() : null;
  const certs = (certsNode?.children ?? []).map((c) => new X509Certificate(cms.subarray(c.start, c.end)));
  const cert = certs.find((c) => c.serialNumber.replace(/^(00)+/, '').toUpperCase() === serial) ?? certs[0] ?? null;
  const digestMatches = messageDigest !== null && Buffer.from(messageDigest).equals(signed(alg));
  let signatureValid = false;
  if (cert) {
    // What was signed is the attributes' DER with their [0] IMPLICIT tag read as a SET (RFC 5652 §5.4).
    const der = Buffer.from(cms.subarray(attrs.start, attrs.end));
    der[0] = 0x31;
    try {
      signatureValid = verifySignature(alg, der, cert.publicKey, bytesOf(cms, sigValue));
    } catch {
      signatureValid = false;
    }
  }
  return {
    digestMatches,
    signatureValid,
    signer: cert ? { subject: cert.subject.replace(/\n/g, ', '), fingerprint256: cert.fingerprint256, notAfter: new Date(cert.validTo).toISOString() } : null,
    signedAt,
    problem: null,
  };
}

/** Every "/ByteRange [a b c d]" in the file, in file order. */
function byteRanges(text: string): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  const re = /\/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/g;
  for (let m = re.exec(text); m && out.length < 20; m = re.exec(text)) out.push([Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])]);
  return out;
}

/** A PDF text string: literal (Latin-1 with escapes) or hex, UTF-16BE when it starts with FEFF. */
function pdfString(raw: string, hex: boolean): string {
  let bytes: Buffer;
  if (hex) {
    const h = raw.replace(/\s+/g, '');
    bytes = Buffer.from(h.length % 2 ? `${h}0` : h, 'hex');
  }
  else bytes = Buffer.from(raw.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) => ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' })[e] ?? (/^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : e)), 'latin1');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
  return bytes.toString('latin1');
}

function infoValue(text: string, key: string): string | null {
  const m = new RegExp(`/${key}\\s*(?:\\(((?:\\\\.|[^\\\\)]){0,2000})\\)|<([0-9A-Fa-f\\s]{0,4000})>)`).exec(text);
  if (!m) return null;
  return pdfString(m[1] ?? m[2] ?? '', m[2] !== undefined);
}

export function readPdfSignatures(bytes: Uint8Array): PdfSignatureReport {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buf.toString('latin1');
  const signatures: PdfSignature[] = [];
  for (const br of byteRanges(text)) {
    const [a, b, c, d] = br;
    const coversWholeFile = a === 0 && c + d === buf.length;
    const base = { byteRange: br, coversWholeFile, digestMatches: false, signatureValid: false, signer: null, signedAt: null };
    if (a !== 0 || b <= 0 || c <= b + 1 || c + d > buf.length) {
      signatures.push({ ...base, problem: 'The signed byte ranges do not fit the file.' });
      continue;
    }
    // The gap is "<hex>" padded with zeros: the DER reader stops at the signature's own length.
    const hex = text.slice(b, c).replace(/^</, '').replace(/>$/, '');
    if (!/^[0-9A-Fa-f]*$/.test(hex) || hex.length < 4) {
      signatures.push({ ...base, problem: 'The signature contents are not hexadecimal.' });
      continue;
    }
    const cms = Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
    const signed = (alg: string) => createHash(alg).update(buf.subarray(a, a + b)).update(buf.subarray(c, c + d)).digest();
    try {
      signatures.push({ byteRange: br, coversWholeFile, ...checkCms(cms, signed) });
    } catch (err) {
      signatures.push({ ...base, problem: `The signature cannot be read: ${(err as Error).message}` });
    }
  }
  return {
    sha256: createHash('sha256').update(buf).digest('hex'),
    size: buf.length,
    signatures,
    recordId: /(?:^|\s)OpenCabinetRecord:([A-Za-z0-9_-]{1,64})/.exec(infoValue(text, 'Keywords') ?? '')?.[1] ?? null,
    title: infoValue(text, 'Title'),
  };
}
