import { z } from 'zod';

/** Lifecycle of a meeting: drafts are the secretariat's; publishing shows it to everyone. */
export const MeetingStatus = z.enum(['draft', 'published', 'in_progress', 'closed']);
export type MeetingStatus = z.infer<typeof MeetingStatus>;

export const Confidentiality = z.enum(['public', 'internal', 'confidential']);
export type Confidentiality = z.infer<typeof Confidentiality>;

export const SiteKind = z.enum(['main', 'bridge']);
export type SiteKind = z.infer<typeof SiteKind>;
