/**
 * The organisation screen's pure parts: the letterhead form's text fields and the fields
 * the server takes, who may do what (the same rules as server/organisations/access.ts),
 * the certificate's state, and the server's certificate refusals as translation keys.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../../shared/errors';
import type { GlobalRole } from '../../../shared/roles';
import type { Organisation, OrganisationFields, OrganisationKind } from '../../../shared/organisations';
import { formatDate } from '../../app/format';
import type { Tone } from '../../app/tone';

/** The UI languages (renderer/i18n's Language), named here so this module loads without a page. */
type Language = 'vi' | 'en';

/** What the form edits, every field as typed (empty optional fields become null). */
export interface LetterheadDraft {
  kind: OrganisationKind;
  name: string;
  parentName: string;
  abbreviation: string;
  place: string;
  sealName: string;
  authority: string;
  title: string;
  signerName: string;
}

export const emptyDraft: LetterheadDraft = { kind: 'peoples_committee', name: '', parentName: '', abbreviation: '', place: '', sealName: '', authority: '', title: '', signerName: '' };

export function draftOf(o: Organisation): LetterheadDraft {
  return {
    kind: o.kind,
    name: o.name,
    parentName: o.parentName ?? '',
    abbreviation: o.abbreviation,
    place: o.place,
    sealName: o.sealName ?? '',
    authority: o.signer?.authority ?? '',
    title: o.signer?.title ?? '',
    signerName: o.signer?.name ?? '',
  };
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

/**
 * The fields the server takes. A signer needs a title and a name; with neither (nor an
 * authority) there is no signer, and a half-filled one goes to the server as typed so its
 * schema names the missing part.
 */
export function fieldsOf(d: LetterheadDraft): Pick<OrganisationFields, 'kind' | 'name' | 'parentName' | 'abbreviation' | 'place' | 'sealName' | 'signer'> {
  const noSigner = !d.authority.trim() && !d.title.trim() && !d.signerName.trim();
  return {
    kind: d.kind,
    name: d.name.trim(),
    parentName: orNull(d.parentName),
    abbreviation: d.abbreviation.trim(),
    place: d.place.trim(),
    sealName: orNull(d.sealName),
    signer: noSigner ? null : { authority: orNull(d.authority), title: d.title.trim(), name: d.signerName.trim() },
  };
}

/** Only what changed, for PATCH (which refuses an empty change). */
export function changedFields(before: Organisation, d: LetterheadDraft): Partial<OrganisationFields> {
  const next = fieldsOf(d);
  const out: Partial<OrganisationFields> = {};
  for (const k of Object.keys(next) as (keyof typeof next)[]) {
    if (JSON.stringify(next[k]) !== JSON.stringify(before[k])) (out as Record<string, unknown>)[k] = next[k];
  }
  return out;
}

/** Creating organisations, naming members, generating a demo certificate: administrators. */
export function isAdmin(globalRole: GlobalRole): boolean {
  return globalRole === 'admin';
}

/** A certificate's state as a chip (renderer/app/tone.ts): none grey, demo amber, valid green, expired red. */
export const CERTIFICATE_TONE: Record<CertificateState['kind'], Tone> = { none: 'grey', demo: 'amber', valid: 'green', expired: 'red' };

export type CertificateState = { kind: 'none' } | { kind: 'expired' | 'demo' | 'valid'; date: string };

export function certificateState(o: Organisation, now: number): CertificateState {
  const c = o.certificate;
  if (!c) return { kind: 'none' };
  if (Date.parse(c.notAfter) < now) return { kind: 'expired', date: c.notAfter };
  return { kind: c.demo ? 'demo' : 'valid', date: c.notAfter };
}

export function certificateText(t: TFunction, s: CertificateState, lang: Language, zone: string): string {
  return s.kind === 'none' ? t('cert.none') : t(`cert.${s.kind}`, { date: formatDate(s.date, lang, zone) });
}

/**
 * The server refuses a certificate with one English sentence and code invalid_input
 * (server/organisations/certificate.ts); these are its sentences, so the person reads the
 * reason in the UI language, the date formatted for them. Null for anything else, which
 * the screen shows as any failed call (an unknown sentence as the server wrote it).
 */
const refusals: { pattern: RegExp; key: string }[] = [
  { pattern: /password is not correct/, key: 'password' },
  { pattern: /not a PKCS#12/, key: 'notP12' },
  { pattern: /holds no certificate/, key: 'noCertificate' },
  { pattern: /no private key/, key: 'noKey' },
  { pattern: /expired on (\d{4}-\d{2}-\d{2})/, key: 'expired' },
  { pattern: /not valid before (\d{4}-\d{2}-\d{2})/, key: 'notYet' },
  { pattern: /a PKCS#12 certificate \(\.p12\/\.pfx\) is a few kilobytes/, key: 'tooBig' },
];

export function certificateRefusal(t: TFunction, err: unknown, lang: Language): string | null {
  if (err instanceof ApiError && err.code === 'invalid_input') {
    for (const r of refusals) {
      const m = r.pattern.exec(err.message);
      if (m) return t(`refused.${r.key}`, { date: m[1] ? formatDate(`${m[1]}T12:00:00Z`, lang, 'UTC') : '' });
    }
  }
  return null;
}
