/**
 * Participant lists as secretariats keep them: a spreadsheet saved as CSV, headers in
 * Vietnamese or English, roles written either way. Parsing never saves anything: it
 * returns the rows it understood and, per row, what is wrong, so the import can be
 * previewed and refused as a whole.
 */
import { fold } from '../text/fold';
import { z } from 'zod';
import type { SiteKind } from '../meeting-enums';
import type { MeetingRole } from '../roles';

export interface ImportedParticipant {
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  name: string;
  username: string;
  position: string | null;
  unit: string | null;
  role: MeetingRole;
  site: string | null;
  email: string | null;
  /**
   * Set when the user name already belongs to an account: that account's display name is
   * the one the meeting will show (a person has one name everywhere), whatever the file says.
   * Undefined when the preview could not ask the server (offline).
   */
  account?: { displayName: string } | null;
}

export interface ImportProblem {
  row: number;
  column?: string;
  message: string;
}

export interface ImportResult {
  rows: ImportedParticipant[];
  problems: ImportProblem[];
}

type Column = 'name' | 'username' | 'position' | 'unit' | 'role' | 'site' | 'email';

/** Accepted header spellings, compared after folding case and diacritics. */
const headerAliases: Record<Column, string[]> = {
  name: ['name', 'full name', 'ho ten', 'ho va ten'],
  username: ['username', 'user name', 'login', 'ten dang nhap', 'tai khoan'],
  position: ['position', 'title', 'chuc vu', 'chuc danh'],
  unit: ['unit', 'organisation', 'organization', 'don vi', 'co quan'],
  role: ['role', 'vai tro'],
  site: ['site', 'location', 'diem cau', 'dia diem'],
  email: ['email', 'e-mail', 'thu dien tu'],
};
const required: Column[] = ['name', 'username', 'role'];

const roleAliases: Record<string, MeetingRole> = {
  chair: 'chair',
  'chu tri': 'chair',
  'chu toa': 'chair',
  'vice chair': 'vice_chair',
  vice_chair: 'vice_chair',
  'pho chu tri': 'vice_chair',
  secretariat: 'secretariat',
  secretary: 'secretariat',
  'thu ky': 'secretariat',
  delegate: 'delegate',
  member: 'delegate',
  'dai bieu': 'delegate',
  'thanh vien': 'delegate',
  guest: 'guest',
  'khach moi': 'guest',
  observer: 'observer',
  'quan sat vien': 'observer',
  'du thinh': 'observer',
};

/** A header or role as people spell it: folded, with "quan_sat_vien" read as "quan sat vien". */
const foldHeader = (s: string) => fold(s.replace(/_/g, ' '));

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF; `,` or `;` as Excel writes it. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const usernamePattern = /^[a-z0-9._-]{2,64}$/;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseParticipantsCsv(text: string, existingUsernames: Iterable<string> = []): ImportResult {
  const table = parseCsv(text.replace(/^\uFEFF/, '').normalize('NFC')).filter((r) => r.some((f) => f.trim() !== ''));
  const problems: ImportProblem[] = [];
  if (table.length === 0) return { rows: [], problems: [{ row: 1, message: 'The file is empty.' }] };

  const header = table[0]!.map(foldHeader);
  const index = {} as Record<Column, number>;
  for (const col of Object.keys(headerAliases) as Column[]) {
    index[col] = header.findIndex((h) => headerAliases[col].includes(h));
  }
  const missing = required.filter((c) => index[c] < 0);
  if (missing.length) {
    return {
      rows: [],
      problems: [
        {
          row: 1,
          message: `Missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. The first row must name the columns (e.g. "Họ và tên, Tên đăng nhập, Chức vụ, Đơn vị, Vai trò, Điểm cầu, Email").`,
        },
      ],
    };
  }

  const taken = new Map<string, number>();
  for (const u of existingUsernames) taken.set(u.toLowerCase(), 0);
  const rows: ImportedParticipant[] = [];
  table.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const get = (c: Column) => (index[c] >= 0 ? (cells[index[c]] ?? '').trim() : '');
    const rowProblems: ImportProblem[] = [];
    const name = get('name');
    const username = get('username').toLowerCase();
    const roleText = get('role');
    const email = get('email');
    if (!name) rowProblems.push({ row, column: 'name', message: 'The name is empty.' });
    if (!usernamePattern.test(username)) {
      rowProblems.push({ row, column: 'username', message: `"${get('username')}" is not a valid user name (2–64 letters a–z, digits, dot, dash or underscore).` });
    } else if (taken.has(username)) {
      const first = taken.get(username)!;
      rowProblems.push({
        row,
        column: 'username',
        message: first ? `The user name "${username}" is already used on row ${first}.` : `The user name "${username}" is already in this meeting.`,
      });
    }
    const role = roleAliases[foldHeader(roleText)];
    if (!role) rowProblems.push({ row, column: 'role', message: `Unknown role "${roleText}". Use one of: chair, vice chair, secretariat, delegate, guest, observer (or chủ trì, phó chủ trì, thư ký, đại biểu, khách mời, quan sát viên).` });
    if (email && !emailPattern.test(email)) rowProblems.push({ row, column: 'email', message: `"${email}" is not an e-mail address.` });
    if (rowProblems.length) {
      problems.push(...rowProblems);
    } else {
      taken.set(username, row);
      rows.push({
        row,
        name,
        username,
        position: get('position') || null,
        unit: get('unit') || null,
        role: role!,
        site: get('site') || null,
        email: email || null,
      });
    }
    if (usernamePattern.test(username) && !taken.has(username)) taken.set(username, row);
  });
  if (rows.length === 0 && problems.length === 0) problems.push({ row: 2, message: 'The file has a header but no participants.' });
  return { rows, problems };
}

/**
 * POST /api/meetings/:id/participant-accounts: which of these user names already have an
 * account, and under which name. Lets the import preview say "this is Nguyễn Văn A's
 * account" before anything is written.
 */
export const AccountLookupRequest = z.object({
  usernames: z.array(z.string().trim().toLowerCase().min(1).max(64)).min(1, 'Name at least one user name.').max(10_000),
});
export type AccountLookupRequest = z.input<typeof AccountLookupRequest>;
export const AccountLookupResponse = z.object({
  accounts: z.array(z.object({ username: z.string(), displayName: z.string() })),
});
export type AccountLookupResponse = z.infer<typeof AccountLookupResponse>;

/** Marks each row whose user name is an existing account with that account's name. */
export function markExistingAccounts(rows: readonly ImportedParticipant[], accounts: AccountLookupResponse['accounts']): ImportedParticipant[] {
  const byName = new Map(accounts.map((a) => [a.username.toLowerCase(), a.displayName]));
  return rows.map((r) => {
    const displayName = byName.get(r.username);
    return { ...r, account: displayName === undefined ? null : { displayName } };
  });
}

/** Site names that mean the main hall, folded: "Hội trường", "Điểm cầu chính", "Main hall". */
const mainSiteWords = ['hoi truong', 'diem cau chinh', 'phong hop chinh', 'main'];

/**
 * The kind of each site an import creates. A list names the hall and the bridges alike, so
 * typing them all as bridges left a meeting without its main site: a name that says it is
 * the hall is the main site, and if none does and the meeting has no main site yet, the
 * site with the most people in the file is (ties: the first listed).
 */
export function kindsForNewSites(newSites: readonly string[], rows: readonly Pick<ImportedParticipant, 'site'>[], meetingHasMain: boolean): Map<string, SiteKind> {
  const kinds = new Map<string, SiteKind>(newSites.map((s) => [s, 'bridge']));
  if (meetingHasMain || newSites.length === 0) return kinds;
  const named = newSites.find((s) => mainSiteWords.some((w) => fold(s).includes(w)));
  if (named) {
    kinds.set(named, 'main');
    return kinds;
  }
  const counts = new Map<string, number>();
  for (const r of rows) if (r.site) counts.set(fold(r.site), (counts.get(fold(r.site)) ?? 0) + 1);
  let best = newSites[0]!;
  for (const s of newSites) if ((counts.get(fold(s)) ?? 0) > (counts.get(fold(best)) ?? 0)) best = s;
  kinds.set(best, 'main');
  return kinds;
}
