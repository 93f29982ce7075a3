/**
 * The secretary's words in the minutes (issue 14). The minutes are two kinds of text: the
 * facts the meeting recorded — attendance, polls with their result wording, conclusions,
 * tasks — which are generated from the records and must agree with the audit chain, so
 * nobody types them; and the narrative the secretary writes around them: how the meeting
 * opened, a summary of the discussion of each agenda item, and the closing remarks. Only
 * the narrative is edited, and every save is a new version (who, when); the chair approves
 * or returns a specific version, and a finalised version never changes.
 */
import { z } from 'zod';
import { ItemId, RecordId } from '../ids';
import { safeMultiline } from '../text-safety';

/** Longest narrative section, in characters: a long discussion summary fits; a pasted report does not. */
export const maxSectionChars = 8000;
/** At most as many item summaries as an agenda can have items. */
export const maxItemSections = 200;
/** All the narrative together: well inside a request body, and pages enough for any meeting. */
export const maxNarrativeChars = 60_000;

const section = (label: string) => safeMultiline(label).max(maxSectionChars, `${label} is longer than ${maxSectionChars} characters.`);

export const MinutesSections = z.object({
  /** After "Nội dung cuộc họp:": how the chair opened the meeting, its purpose. */
  opening: section('The opening').default(''),
  /** By agenda item id: the summary of the discussion, printed after who spoke on the item. */
  items: z
    .record(ItemId, section("An item's discussion summary"))
    .refine((r) => Object.keys(r).length <= maxItemSections, `At most ${maxItemSections} item summaries.`)
    .default({}),
  /** Before "Cuộc họp kết thúc vào …": the chair's closing remarks. */
  closing: section('The closing remarks').default(''),
}).refine((s) => s.opening.length + s.closing.length + Object.values(s.items).reduce((n, t) => n + t.length, 0) <= maxNarrativeChars, {
  message: `The minutes' text is longer than ${maxNarrativeChars} characters in all.`,
});
export type MinutesSections = z.infer<typeof MinutesSections>;

export const emptySections = (): MinutesSections => ({ opening: '', items: {}, closing: '' });

/** Paragraphs of a section as printed: one per non-blank line. */
export function paragraphsOf(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** One saved version of the narrative: who saved it, whether it was sent, returned (and why) or finalised. */
export const MinutesVersion = z.object({
  version: z.number().int().min(1),
  sections: MinutesSections,
  savedAt: z.string(),
  savedBy: z.string(),
  savedByName: z.string(),
  /** A correction draft names the finalised record it corrects. */
  corrects: z.string().nullable(),
  sentAt: z.string().nullable(),
  sentByName: z.string().nullable(),
  returnedAt: z.string().nullable(),
  returnedByName: z.string().nullable(),
  /** The chair's comment when returning this version to the secretary. */
  returnComment: z.string().nullable(),
  /** The record this version was finalised as; then it never changes. */
  recordId: z.string().nullable(),
});
export type MinutesVersion = z.infer<typeof MinutesVersion>;

/**
 * Where the draft stands, from its latest version: nothing saved yet (`none`), being edited
 * (`editing`), with the chair (`sent`), back with the secretary (`returned`), or issued (`final`).
 */
export type MinutesState = 'none' | 'editing' | 'sent' | 'returned' | 'final';
export function minutesState(latest: MinutesVersion | null | undefined): MinutesState {
  if (!latest) return 'none';
  if (latest.recordId) return 'final';
  if (latest.returnedAt) return 'returned';
  if (latest.sentAt) return 'sent';
  return 'editing';
}

export const MinutesVersionsResponse = z.object({
  /** Newest first. */
  versions: z.array(MinutesVersion),
  /** The latest version's number, 0 before the first save: what an edit or an approval is based on. */
  current: z.number().int().min(0),
  state: z.enum(['none', 'editing', 'sent', 'returned', 'final']),
});
export type MinutesVersionsResponse = z.infer<typeof MinutesVersionsResponse>;

const Version = z.number({ error: 'Say which version of the minutes this is about (version).' }).int().min(0);

/** PUT …/minutes/text: a new version, based on the one the secretary opened. */
export const SaveMinutesTextRequest = z.object({
  basedOn: Version,
  sections: MinutesSections,
  /** After the minutes were finalised: the record this correction corrects. */
  corrects: RecordId.nullable().default(null),
});
/** POST …/minutes/send and …/minutes/approve: the version the person is looking at. */
export const MinutesVersionRequest = z.object({ version: Version });
/** POST …/minutes/return: the chair sends the version back with what to change. */
export const ReturnMinutesRequest = z.object({
  version: Version,
  comment: safeMultiline('The comment').min(1, 'Say what should change (the comment is empty).').max(2000, 'The comment is longer than 2000 characters.'),
});
