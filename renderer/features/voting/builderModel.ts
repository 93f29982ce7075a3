/**
 * The poll form as the person fills it, and its conversion to and from the contract's
 * PollDefinition. Rules are offered as the presets meeting regulations name; anything
 * else is a custom fraction.
 */
import type { PollDefinitionInput, PollView } from '../../../shared/ydoc/live';
import type { MajorityBase, MajorityRule, PollKind } from '../../../shared/domain/tally';
import { thresholds, type Threshold } from '../../../shared/domain/quorum';
import { meetingParts, toMeetingIso } from '../../app/timezone';

export const majorityPresets = {
  cast_half: { base: 'cast', threshold: thresholds.overHalf },
  present_half: { base: 'present', threshold: thresholds.overHalf },
  members_half: { base: 'members', threshold: thresholds.overHalf },
  present_2_3: { base: 'present', threshold: thresholds.twoThirds },
  members_2_3: { base: 'members', threshold: thresholds.twoThirds },
  present_3_4: { base: 'present', threshold: thresholds.threeQuarters },
  members_3_4: { base: 'members', threshold: thresholds.threeQuarters },
} as const satisfies Record<string, MajorityRule>;
export type MajorityPreset = keyof typeof majorityPresets | 'custom';

export const quorumPresets = {
  overHalf: thresholds.overHalf,
  twoThirds: thresholds.twoThirds,
  threeQuarters: thresholds.threeQuarters,
} as const satisfies Record<string, Threshold>;
export type QuorumPreset = keyof typeof quorumPresets | 'none' | 'custom';

export interface DraftOption {
  id: string;
  label: string;
}

export interface Draft {
  question: string;
  agendaItemId: string | null;
  kind: PollKind;
  options: DraftOption[];
  minChoices: number;
  maxChoices: number;
  seats: number;
  secret: boolean;
  /** Secret polls: the tellers (Ban kiểm phiếu) who hold the key, and how many it takes to open it. */
  tellers: string[];
  tellerThreshold: number;
  allowChange: boolean;
  eligibility: 'all' | 'present' | 'group';
  group: string[];
  majority: MajorityPreset;
  custom: { base: MajorityBase; num: number; den: number; strict: boolean };
  quorum: QuorumPreset;
  /** Kept when an existing poll has a quorum no preset names. */
  customQuorum: Threshold | null;
  /** Minutes as typed; empty = the chair closes the poll. */
  durationMin: string;
  mode: 'meeting' | 'written';
  /** `YYYY-MM-DDTHH:MM` in Hà Nội time, as `<input type=datetime-local>` holds it. */
  deadline: string;
}

let optionSeq = 0;
/** Option ids only need to be unique within the poll and match the contract's pattern. */
export function newOptionId(): string {
  optionSeq += 1;
  return `o${Date.now().toString(36)}${optionSeq.toString(36)}`;
}

export function emptyDraft(agendaItemId: string | null): Draft {
  return {
    question: '',
    agendaItemId,
    kind: 'approve',
    options: [
      { id: newOptionId(), label: '' },
      { id: newOptionId(), label: '' },
    ],
    minChoices: 0,
    maxChoices: 1,
    seats: 1,
    secret: false,
    tellers: [],
    tellerThreshold: 2,
    allowChange: false,
    eligibility: 'present',
    group: [],
    majority: 'cast_half',
    custom: { base: 'present', num: 1, den: 2, strict: true },
    quorum: 'overHalf',
    customQuorum: null,
    durationMin: '',
    mode: 'meeting',
    deadline: '',
  };
}

const sameThreshold = (a: Threshold, b: Threshold) => a.strict === b.strict && a.fraction.num === b.fraction.num && a.fraction.den === b.fraction.den;

export function draftFromPoll(poll: PollView): Draft {
  const d = poll.definition;
  const majority = (Object.keys(majorityPresets) as (keyof typeof majorityPresets)[]).find((k) => {
    const p = majorityPresets[k];
    return p.base === d.majority.base && sameThreshold(p.threshold, d.majority.threshold);
  });
  const quorum = d.quorum === null ? 'none' : (Object.keys(quorumPresets) as (keyof typeof quorumPresets)[]).find((k) => sameThreshold(quorumPresets[k], d.quorum!));
  const deadline = meetingParts(d.deadline);
  return {
    question: d.question,
    agendaItemId: poll.agendaItemId,
    kind: d.kind,
    options: d.kind === 'approve' ? emptyDraft(null).options : d.options.map((o) => ({ ...o })),
    minChoices: d.minChoices,
    maxChoices: d.maxChoices,
    seats: d.seats,
    secret: d.secret,
    tellers: d.tellers ? [...d.tellers.userIds] : [],
    tellerThreshold: d.tellers?.threshold ?? 2,
    allowChange: d.allowChange,
    eligibility: d.eligibility.kind,
    group: d.eligibility.kind === 'group' ? [...d.eligibility.userIds] : [],
    majority: majority ?? 'custom',
    custom: { base: d.majority.base, num: d.majority.threshold.fraction.num, den: d.majority.threshold.fraction.den, strict: d.majority.threshold.strict },
    quorum: quorum ?? 'custom',
    customQuorum: quorum ? null : d.quorum,
    durationMin: d.durationSec === null ? '' : String(Math.round((d.durationSec / 60) * 100) / 100),
    mode: d.mode,
    deadline: deadline.date ? `${deadline.date}T${deadline.time}` : '',
  };
}

/** What the core receives. Field checks are the core's: its messages come back by field. */
export function definitionFromDraft(d: Draft): PollDefinitionInput {
  const majority: MajorityRule =
    d.majority === 'custom'
      ? { base: d.custom.base, threshold: { fraction: { num: d.custom.num, den: d.custom.den }, strict: d.custom.strict } }
      : majorityPresets[d.majority];
  const quorum = d.quorum === 'none' ? null : d.quorum === 'custom' ? d.customQuorum : quorumPresets[d.quorum];
  const minutes = Number(d.durationMin.replace(',', '.'));
  const durationSec = d.durationMin.trim() === '' || !Number.isFinite(minutes) ? null : Math.round(minutes * 60);
  const [date = '', time = ''] = d.deadline.split('T');
  const single = d.kind === 'approve' || d.kind === 'single';
  return {
    question: d.question,
    kind: d.kind,
    options: d.kind === 'approve' ? [] : d.options.map((o) => ({ id: o.id, label: o.label })),
    minChoices: single ? 0 : d.minChoices,
    maxChoices: single ? 1 : d.maxChoices,
    seats: d.kind === 'election' ? d.seats : 1,
    secret: d.secret,
    // A secret ballot cannot be changed: nothing links it back to the voter.
    allowChange: d.secret ? false : d.allowChange,
    // Its key is made by the tellers' devices; the threshold never above their number.
    tellers: d.secret && d.tellers.length ? { userIds: d.tellers, threshold: Math.max(1, Math.min(d.tellerThreshold, d.tellers.length)) } : null,
    eligibility: d.eligibility === 'group' ? { kind: 'group', userIds: d.group } : { kind: d.eligibility },
    majority,
    quorum,
    durationSec,
    mode: d.mode,
    deadline: d.mode === 'written' ? toMeetingIso(date, time.slice(0, 5)) : null,
  };
}

/** Fields the core's `invalid_input` can name, mapped to the form control that shows it. */
export const errorFields = ['question', 'options', 'label', 'minChoices', 'maxChoices', 'seats', 'allowChange', 'deadline', 'durationSec', 'eligibility', 'userIds', 'majority', 'fraction', 'quorum', 'agendaItemId', 'tellers', 'threshold', 'definition'] as const;
export type ErrorField = (typeof errorFields)[number];
