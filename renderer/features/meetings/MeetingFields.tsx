import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Confidentiality } from '../../../shared/meeting-enums';
import { meetingParts, toMeetingIso } from '../../app/timezone';
import { ConfidentialityOptions } from '../../app/ConfidentialityOptions';
import { Field } from '../../app/Field';

/** What the create dialog and the header's edit form both ask for, as the inputs hold it. */
export interface MeetingDraft {
  title: string;
  kind: string;
  /** `YYYY-MM-DDTHH:MM` as `<input type=datetime-local>` holds it, read as Hà Nội time. */
  start: string;
  end: string;
  venue: string;
  confidentiality: Confidentiality;
}

export type MeetingField = 'title' | 'kind' | 'startsAt' | 'endsAt' | 'venue' | 'confidentiality';
export const meetingFields: readonly MeetingField[] = ['title', 'kind', 'startsAt', 'endsAt', 'venue', 'confidentiality'];

/** Kinds a Vietnamese secretariat uses most; anything else can be typed. */
export const meetingKindKeys = ['government', 'conference', 'standing', 'other'] as const;

export function emptyDraft(): MeetingDraft {
  return { title: '', kind: '', start: '', end: '', venue: '', confidentiality: 'internal' };
}

/**
 * Kinds written by programs (the demo seed, imports) are codes such as `cabinet_session`;
 * a person should read words. Free text typed by the secretariat is shown as typed.
 */
export function kindLabel(kind: string, t: (key: string, options: { defaultValue: string }) => string): string {
  if (kind === 'meeting') return '';
  return /^[a-z_]+$/.test(kind) ? t(`meetingForm.kindCodes.${kind}`, { defaultValue: kind }) : kind;
}

export function draftFrom(
  meta: { title: string; kind: string; startsAt: string | null; endsAt: string | null; venue: string | null; confidentiality: Confidentiality },
  t: (key: string, options: { defaultValue: string }) => string,
): MeetingDraft {
  const s = meetingParts(meta.startsAt);
  const e = meetingParts(meta.endsAt);
  return {
    title: meta.title,
    kind: kindLabel(meta.kind, t),
    start: s.date ? `${s.date}T${s.time}` : '',
    end: e.date ? `${e.date}T${e.time}` : '',
    venue: meta.venue ?? '',
    confidentiality: meta.confidentiality,
  };
}

function localToIso(value: string): string | null {
  const [date = '', time = ''] = value.split('T');
  return toMeetingIso(date, time.slice(0, 5));
}

export interface MeetingValues {
  title: string;
  kind: string;
  startsAt: string | null;
  endsAt: string | null;
  venue: string | null;
  confidentiality: Confidentiality;
}

/**
 * Checks what can be checked here, in the person's language; the core checks again and
 * its answer is shown on the same fields.
 */
export function validateDraft(d: MeetingDraft): { values: MeetingValues | null; errors: Partial<Record<MeetingField, string>> } {
  const errors: Partial<Record<MeetingField, 'required' | 'incomplete' | 'order'>> = {};
  if (!d.title.trim()) errors.title = 'required';
  const startsAt = localToIso(d.start);
  const endsAt = localToIso(d.end);
  if (d.start && !startsAt) errors.startsAt = 'incomplete';
  if (d.end && !endsAt) errors.endsAt = 'incomplete';
  if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) errors.endsAt = 'order';
  const values: MeetingValues = {
    title: d.title.trim(),
    kind: d.kind.trim() || 'meeting',
    startsAt,
    endsAt,
    venue: d.venue.trim() || null,
    confidentiality: d.confidentiality,
  };
  return { values: Object.keys(errors).length ? null : values, errors };
}

interface Props {
  draft: MeetingDraft;
  onChange(next: MeetingDraft): void;
  /** Already translated. */
  errors: Partial<Record<MeetingField, string>>;
  testPrefix: string;
  autoFocus?: boolean;
}

export function MeetingFields({ draft, onChange, errors, testPrefix, autoFocus }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const set = <K extends keyof MeetingDraft>(key: K, value: MeetingDraft[K]) => onChange({ ...draft, [key]: value });
  // Each field's error is announced and named by its control (aria-describedby).
  const errorOf = (f: MeetingField) => ({ error: errors[f], errorId: `${id}-${f}-error`, alert: true });
  const described = (f: MeetingField) => (errors[f] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${f}-error` } : {});

  return (
    <div className="form-grid">
      <Field htmlFor={`${id}-title`} label={t('meetingForm.title')} className="span-2" {...errorOf('title')}>
        <input
          id={`${id}-title`}
          data-testid={`${testPrefix}-title`}
          value={draft.title}
          maxLength={500}
          required
          autoFocus={autoFocus}
          onChange={(e) => set('title', e.target.value)}
          {...described('title')}
        />
      </Field>
      <Field htmlFor={`${id}-kind`} label={t('meetingForm.kind')} {...errorOf('kind')}>
        <input id={`${id}-kind`} data-testid={`${testPrefix}-kind`} list={`${id}-kinds`} value={draft.kind} maxLength={100} placeholder={t('meetingForm.kindPlaceholder')} onChange={(e) => set('kind', e.target.value)} {...described('kind')} />
        <datalist id={`${id}-kinds`}>
          {meetingKindKeys.map((k) => (
            <option key={k} value={t(`meetingForm.kinds.${k}`)} />
          ))}
        </datalist>
      </Field>
      <Field htmlFor={`${id}-conf`} label={t('meetingForm.confidentiality')}>
        <select id={`${id}-conf`} data-testid={`${testPrefix}-confidentiality`} value={draft.confidentiality} onChange={(e) => set('confidentiality', Confidentiality.parse(e.target.value))}>
          <ConfidentialityOptions />
        </select>
      </Field>
      <Field htmlFor={`${id}-start`} label={t('meetingForm.start')} {...errorOf('startsAt')}>
        <input id={`${id}-start`} type="datetime-local" data-testid={`${testPrefix}-start`} value={draft.start} onChange={(e) => set('start', e.target.value)} {...described('startsAt')} />
      </Field>
      <Field htmlFor={`${id}-end`} label={t('meetingForm.end')} {...errorOf('endsAt')}>
        <input id={`${id}-end`} type="datetime-local" data-testid={`${testPrefix}-end`} value={draft.end} min={draft.start || undefined} onChange={(e) => set('end', e.target.value)} {...described('endsAt')} />
      </Field>
      <p className="field-hint span-2">{t('meetingForm.timeZoneHint')}</p>
      <Field htmlFor={`${id}-venue`} label={t('meetingForm.venue')} className="span-2" {...errorOf('venue')}>
        <input id={`${id}-venue`} data-testid={`${testPrefix}-venue`} value={draft.venue} maxLength={300} onChange={(e) => set('venue', e.target.value)} {...described('venue')} />
      </Field>
    </div>
  );
}

/** Translates the local checks' codes. */
export function translateDraftErrors(errors: Partial<Record<MeetingField, string>>, t: (key: string) => string): Partial<Record<MeetingField, string>> {
  const out: Partial<Record<MeetingField, string>> = {};
  for (const [field, code] of Object.entries(errors) as [MeetingField, string][]) out[field] = t(`meetingForm.errors.${code}`);
  return out;
}
