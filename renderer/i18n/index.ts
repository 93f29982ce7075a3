/**
 * i18next set up once, synchronously, before the first render: the resources are bundled
 * (no network, the CSP would refuse it anyway), so there is no loading flash.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import vi from './vi.json';
import en from './en.json';
// Reading the pack (reader, annotations, search, pack download) has its own namespace.
import readerVi from './reader.vi.json';
import readerEn from './reader.en.json';
// Voting (poll builder, ballots, results, hall display) has its own namespace too.
import votingVi from './voting.vi.json';
import votingEn from './voting.en.json';
// Seating plan, check-in and quorum have their own namespace as well.
import seatingVi from './seating.vi.json';
import seatingEn from './seating.en.json';
// Conclusions, follow-up tasks, the task dashboard and notices: their own namespace.
import followupVi from './followup.vi.json';
import followupEn from './followup.en.json';
// Signed-in devices, remote wipe and the admin's view of a user's devices.
import devicesVi from './devices.vi.json';
import devicesEn from './devices.en.json';
// The meeting's official record: notice and minutes, numbering, signing (issue 14).
import recordsVi from './records.vi.json';
import recordsEn from './records.en.json';
// Running the room: the floor, speaking time, the presenter, recusals (issue 17).
import roomVi from './room.vi.json';
import roomEn from './room.en.json';
// The audit check, "Kiểm chứng" (issue 18).
import auditVi from './audit.vi.json';
import auditEn from './audit.en.json';
// Organisations: letterhead, signer, members, certificate (issue 14).
import organisationsVi from './organisations.vi.json';
import organisationsEn from './organisations.en.json';

export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'opencabinet.language';

function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (languages as readonly string[]).includes(v);
}

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(storageKey);
    return isLanguage(v) ? v : 'vi';
  } catch {
    // Storage can be disabled by policy; Vietnamese is the right default anyway.
    return 'vi';
  }
}

/** Locale tags for Intl formatting; en-GB for day-first dates, as a Vietnamese reader expects. */
export const intlLocale: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'vi';
}

export async function setLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(storageKey, lang);
  } catch {
    /* not persisted; still switch for this session */
  }
  await i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources: {
    vi: { translation: vi, reader: readerVi, voting: votingVi, seating: seatingVi, followup: followupVi, devices: devicesVi, records: recordsVi, room: roomVi, audit: auditVi, organisations: organisationsVi },
    en: { translation: en, reader: readerEn, voting: votingEn, seating: seatingEn, followup: followupEn, devices: devicesEn, records: recordsEn, room: roomEn, audit: auditEn, organisations: organisationsEn },
  },
  lng: storedLanguage(),
  fallbackLng: 'vi',
  supportedLngs: [...languages],
  initAsync: false,
  // React escapes already.
  interpolation: { escapeValue: false },
  returnNull: false,
});

document.documentElement.lang = currentLanguage();

export default i18n;
