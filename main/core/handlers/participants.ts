import fs from 'node:fs';
import { ApiError } from '../../../shared/errors';
import type { ImportPreview, FileRef } from '../../../shared/contract';
import { kindsForNewSites, markExistingAccounts, parseParticipantsCsv } from '../../../shared/domain/participants-import';
import { fold } from '../../../shared/text/fold';
import { addSite, readMeeting } from '../../../shared/ydoc/meeting';
import type { CoreContext } from '../context';
import { releaseFile, resolveFile } from '../files';
import { decodeOfficeText } from '../text-decode';
import type { Handlers } from '../validate';
import type { OpenMeeting } from '../open-meeting';

/** Participant lists are small; anything bigger is not the file the person meant. */
const maxCsvBytes = 10 * 1024 * 1024;

/** Sites created by an import are part of the import, not an edit to undo on its own. */
const importOrigin = { source: 'participants-import' };

export function participantHandlers(ctx: CoreContext): Handlers['participants'] {
  function preview(m: OpenMeeting, ref: FileRef): ImportPreview & { siteIds: Map<string, string> } {
    const file = resolveFile(ctx.opts.dataDir, ref);
    if (file.size > maxCsvBytes) {
      throw new ApiError('payload_too_large', `«${file.name}» is ${(file.size / 1048576).toFixed(1)} MB; a participant list should be a CSV file of at most 10 MB.`);
    }
    const { text, encoding } = decodeOfficeText(new Uint8Array(fs.readFileSync(file.path)));
    const result = parseParticipantsCsv(text);
    const siteIds = new Map(readMeeting(m.meeting.doc).sites.map((s) => [fold(s.name), s.id]));
    const newSites = [...new Set(result.rows.map((r) => r.site).filter((s): s is string => !!s && !siteIds.has(fold(s))))];
    return { encoding, rows: result.rows, problems: result.problems, newSites, siteIds };
  }

  return {
    previewImport: async ({ meetingId, file }) => {
      const { siteIds: _, ...p } = preview(ctx.requireEditor(meetingId), file);
      // Mark rows whose user name is someone's account, with that account's name: the
      // import will use it. Offline the preview still shows the file, unmarked.
      const usernames = p.rows.map((r) => r.username);
      if (usernames.length && ctx.connectivity.current.state === 'online') {
        try {
          const { accounts } = await ctx.withServer((c, token) => c.participantAccounts(token, meetingId, { usernames }));
          return { ...p, rows: markExistingAccounts(p.rows, accounts) };
        } catch (err) {
          ctx.log('warn', 'participant account lookup failed', { meetingId, error: err instanceof Error ? err.message : String(err) });
        }
      }
      return p;
    },
    import: async ({ meetingId, file }) => {
      const m = ctx.requireEditor(meetingId);
      const p = preview(m, file);
      if (p.problems.length) {
        throw new ApiError('invalid_input', `The list has ${p.problems.length} problem${p.problems.length > 1 ? 's' : ''}; fix ${p.problems.length > 1 ? 'them' : 'it'} in the file and import it again. Nothing was imported.`);
      }
      // Accounts are created on the server: refuse up front rather than create sites and stop half way.
      if (ctx.connectivity.current.state !== 'online') {
        throw new ApiError('offline', 'Importing participants creates their accounts on the server; connect to the network first. Nothing was imported.');
      }
      const d = m.meeting.doc;
      const kinds = kindsForNewSites(p.newSites, p.rows, readMeeting(d).sites.some((s) => s.kind === 'main'));
      d.transact(() => {
        for (const name of p.newSites) {
          const id = crypto.randomUUID();
          addSite(d, { id, name, kind: kinds.get(name) ?? 'bridge' });
          p.siteIds.set(fold(name), id);
        }
      }, importOrigin);
      const participants = p.rows.map((r) => ({
        name: r.name,
        username: r.username,
        position: r.position,
        unit: r.unit,
        role: r.role,
        email: r.email,
        siteId: r.site ? (p.siteIds.get(fold(r.site)) ?? null) : null,
      }));
      // New sites travel over the sync socket; the participants call may overtake them, and
      // the server then does not know the site yet. Give the sync a moment and ask again.
      let result;
      for (let attempt = 0; ; attempt++) {
        try {
          result = await ctx.withServer((c, token) => c.addParticipants(token, meetingId, { participants }));
          break;
        } catch (err) {
          const siteNotThereYet = err instanceof ApiError && err.code === 'invalid_input' && /site/i.test(err.message);
          if (!siteNotThereYet || p.newSites.length === 0 || attempt >= 20) throw err;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      releaseFile(ctx.opts.dataDir, file);
      return { ...result, createdSites: p.newSites };
    },
    add: async ({ meetingId, participant }) => {
      ctx.requireEditor(meetingId);
      return ctx.withServer((c, token) => c.addParticipants(token, meetingId, { participants: [participant] }));
    },
    update: async ({ meetingId, userId, patch }) => {
      ctx.requireEditor(meetingId);
      await ctx.withServer((c, token) => c.updateParticipant(token, meetingId, userId, patch));
      return null;
    },
    remove: async ({ meetingId, userId }) => {
      ctx.requireEditor(meetingId);
      await ctx.withServer((c, token) => c.removeParticipant(token, meetingId, userId));
      return null;
    },
  };
}
