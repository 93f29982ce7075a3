/** The meeting's official record on the device (issue 14): recipients, preview, finalising, approvals, absences, downloads, checking a signed PDF. */
import { fileForIpc } from '../server-client';
import { ApiError } from '../../../shared/errors';
import { canEditMinutes, canReturnMinutes, minutesApproverRole, runsMeeting } from '../../../shared/roles';
import type { CoreContext } from '../context';
import type { Handlers } from '../validate';

export function noticeHandlers(ctx: CoreContext): Handlers['notices'] {
  return {
    // The official record (issue 14). The server decides who may do what (participants read,
    // the secretariat edits recipients, chair/secretariat finalise); checked here too so the
    // device answers at once, with the same words.
    records: async ({ meetingId }) => {
      ctx.requireOpen(meetingId);
      return ctx.withServer((c, token) => c.officialRecords(token, meetingId));
    },
    setRecipients: async ({ meetingId, kind, recipients }) => {
      const m = ctx.requireOpen(meetingId);
      if (m.role !== 'secretariat') throw new ApiError('forbidden', 'Only the secretariat edits the recipients of the record.');
      await ctx.withServer((c, token) => c.setRecordRecipients(token, meetingId, kind, recipients));
      return null;
    },
    preview: async ({ meetingId, kind }) => {
      const m = ctx.requireOpen(meetingId);
      if (!runsMeeting(m.role)) throw new ApiError('forbidden', 'Only the chair or the secretariat previews the record.');
      return fileForIpc(await ctx.withServer((c, token) => c.previewRecord(token, meetingId, kind)));
    },
    finalise: async ({ meetingId, kind, replaces, reason }) => {
      const m = ctx.requireOpen(meetingId);
      if (!runsMeeting(m.role)) throw new ApiError('forbidden', 'Only the chair or the secretariat finalises the record.');
      return ctx.withServer((c, token) => c.finaliseRecord(token, meetingId, kind, { replaces, reason }));
    },
    // Anyone signed in may check a PDF they were given; no meeting needs to be open.
    verify: async ({ base64 }) => ctx.withServer((c, token) => c.verifyDocument(token, Buffer.from(base64, 'base64'))),
    download: async ({ recordId }) => fileForIpc(await ctx.withServer((c, token) => c.recordPdf(token, recordId))),
    setAbsence: async ({ meetingId, userId, excused, reason }) => {
      const m = ctx.requireOpen(meetingId);
      if (m.role !== 'secretariat') throw new ApiError('forbidden', 'Only the secretariat records reasons for absence.');
      await ctx.withServer((c, token) => c.setAbsence(token, meetingId, userId, { excused, reason: reason?.trim() || null }));
      return null;
    },
    approveMinutes: async ({ meetingId, version }) => {
      const m = ctx.requireOpen(meetingId);
      if (!minutesApproverRole(m.role)) throw new ApiError('forbidden', 'Only the chair and the secretary (secretariat) approve the draft minutes.');
      return ctx.withServer((c, token) => c.approveMinutes(token, meetingId, version));
    },
    minutesVersions: async ({ meetingId }) => {
      const m = ctx.requireOpen(meetingId);
      if (!runsMeeting(m.role)) throw new ApiError('forbidden', 'Only the chair or the secretariat reads the draft minutes.');
      return ctx.withServer((c, token) => c.minutesVersions(token, meetingId));
    },
    saveMinutesText: async ({ meetingId, basedOn, sections, corrects }) => {
      const m = ctx.requireOpen(meetingId);
      if (!canEditMinutes(m.role)) throw new ApiError('forbidden', 'Only the secretary (secretariat) edits the minutes.');
      return ctx.withServer((c, token) => c.saveMinutesText(token, meetingId, { basedOn, sections, corrects }));
    },
    sendMinutes: async ({ meetingId, version }) => {
      const m = ctx.requireOpen(meetingId);
      if (!canEditMinutes(m.role)) throw new ApiError('forbidden', 'Only the secretary (secretariat) sends the minutes to the chair.');
      return ctx.withServer((c, token) => c.sendMinutes(token, meetingId, version));
    },
    returnMinutes: async ({ meetingId, version, comment }) => {
      const m = ctx.requireOpen(meetingId);
      if (!canReturnMinutes(m.role)) throw new ApiError('forbidden', 'Only the chair returns the draft minutes to the secretary.');
      return ctx.withServer((c, token) => c.returnMinutes(token, meetingId, version, comment));
    },
    docx: async ({ meetingId, kind, recordId }) => {
      const m = ctx.requireOpen(meetingId);
      if (recordId) return fileForIpc(await ctx.withServer((c, token) => c.recordDocx(token, recordId)));
      if (!runsMeeting(m.role)) throw new ApiError('forbidden', 'Only the chair or the secretariat exports the draft record.');
      return fileForIpc(await ctx.withServer((c, token) => c.draftDocx(token, meetingId, kind)));
    },
  };
}
