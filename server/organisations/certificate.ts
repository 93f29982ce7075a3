/**
 * An organisation's signing certificate: a PKCS#12 file and its password, checked when it
 * is configured (a wrong password or an expired certificate is refused then, with the
 * reason, not discovered at the first finalisation) — and the self-signed one the demo
 * generates for each organisation, which says it is a demo certificate in its subject.
 */
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { ApiError } from '../../shared/errors';

export interface CertificateInfo {
  subject: string;
  notBefore: string;
  notAfter: string;
}

/** Reads a PKCS#12 and its first certificate; throws ApiError(invalid_input) with the reason. */
export function inspectP12(p12: Uint8Array, password: string, now = new Date()): CertificateInfo {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(p12).toString('binary')));
    parsed = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/mac|password|invalid/i.test(msg)) throw new ApiError('invalid_input', 'The certificate password is not correct (the PKCS#12 file could not be opened with it).');
    throw new ApiError('invalid_input', 'This is not a PKCS#12 (.p12/.pfx) file.');
  }
  const certs = parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const keys = [
    ...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(parsed.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const cert = certs[0]?.cert;
  if (!cert) throw new ApiError('invalid_input', 'The PKCS#12 file holds no certificate.');
  if (keys.length === 0) throw new ApiError('invalid_input', 'The PKCS#12 file holds no private key: it cannot sign.');
  const { notBefore, notAfter } = cert.validity;
  if (notAfter.getTime() < now.getTime()) throw new ApiError('invalid_input', `The certificate expired on ${notAfter.toISOString().slice(0, 10)}; configure a valid one.`);
  if (notBefore.getTime() > now.getTime()) throw new ApiError('invalid_input', `The certificate is not valid before ${notBefore.toISOString().slice(0, 10)}.`);
  const subject = cert.subject.attributes.map((a) => `${a.shortName ?? a.name}=${utf8(String(a.value))}`).join(', ');
  return { subject, notBefore: notBefore.toISOString(), notAfter: notAfter.toISOString() };
}

/** The SHA-256 fingerprint (as node:crypto writes it) of a PKCS#12's first certificate. */
export function p12Fingerprint(p12: Uint8Array, password: string): string {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(p12).toString('binary')));
  const parsed = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  const cert = parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]?.[0]?.cert;
  if (!cert) throw new Error('The PKCS#12 file holds no certificate.');
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return new X509Certificate(der).fingerprint256;
}

/** forge hands UTF8String values back as their raw bytes. */
function utf8(raw: string): string {
  try {
    return forge.util.decodeUtf8(raw);
  } catch {
    return raw;
  }
}

/**
 * A self-signed certificate for the demo, valid `years` years from `now` (back-dated a day
 * for clock skew). The key comes from node:crypto (forge's own RSA generation is slow JS).
 */
export function generateDemoP12(orgName: string, opts: { now?: Date; years?: number; password?: string } = {}): { p12: Uint8Array; password: string } {
  const now = opts.now ?? new Date();
  const password = opts.password ?? randomBytes(12).toString('base64url');
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01' + randomBytes(8).toString('hex');
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600_000);
  cert.validity.notAfter = new Date(now.getTime() + (opts.years ?? 5) * 365 * 24 * 3600_000);
  // UTF8String names, in Vietnamese: the records' signer (p12-signer.ts) writes the
  // SignerInfo's issuer as the certificate has it, which forge's own writer did not.
  // (@types/node-forge types valueTagClass as a class, but forge reads it as the value's tag.)
  const utf8Name = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
  const attrs: forge.pki.CertificateField[] = [
    { shortName: 'CN', value: `${orgName} (demo certificate)`, valueTagClass: utf8Name },
    { shortName: 'O', value: orgName, valueTagClass: utf8Name },
    { shortName: 'OU', value: 'OpenCabinet demo - not a trusted certificate' },
    { shortName: 'C', value: 'VN' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], password, { algorithm: '3des', friendlyName: orgName });
  return { p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), password };
}
