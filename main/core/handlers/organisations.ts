/**
 * Organisations (issue 14) through the core: every call goes to the server (an organisation
 * lives there, not in a meeting's documents), so offline they fail with the offline error.
 * The certificate is the one file here: the person picks it, the core reads it (a PKCS#12
 * is a few kilobytes) and sends it as base64 with its password.
 */
import fs from 'node:fs';
import { ApiError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { releaseFile, resolveFile } from '../files';
import type { Handlers } from '../validate';

/** What the server's endpoint takes (300 kB body, 200,000 base64 characters): a real PKCS#12 is 2–10 kB. */
const maxP12Bytes = 140_000;

export function organisationHandlers(ctx: CoreContext): Handlers['organisations'] {
  return {
    list: async () => ctx.withServer((c, token) => c.organisations(token)),
    get: async ({ organisationId }) => ctx.withServer((c, token) => c.organisation(token, organisationId)),
    create: async (body) => ctx.withServer((c, token) => c.createOrganisation(token, body)),
    update: async ({ organisationId, fields }) => ctx.withServer((c, token) => c.updateOrganisation(token, organisationId, fields)),
    members: async ({ organisationId }) => ctx.withServer((c, token) => c.organisationMembers(token, organisationId)),
    setMember: async ({ organisationId, username, role }) => {
      await ctx.withServer((c, token) => c.setOrganisationMember(token, organisationId, { username, role }));
      return null;
    },
    setCertificate: async ({ organisationId, file, password }) => {
      try {
        const local = resolveFile(ctx.opts.dataDir, file);
        if (local.size > maxP12Bytes) {
          throw new ApiError('invalid_input', `«${local.name}» is ${Math.round(local.size / 1024)} kB; a PKCS#12 certificate (.p12/.pfx) is a few kilobytes. Choose the certificate file.`);
        }
        if (local.size === 0) throw new ApiError('invalid_input', `«${local.name}» is empty. Choose the certificate file.`);
        const p12Base64 = fs.readFileSync(local.path).toString('base64');
        return await ctx.withServer((c, token) => c.setOrganisationCertificate(token, organisationId, { p12Base64, password }));
      } finally {
        releaseFile(ctx.opts.dataDir, file);
      }
    },
    demoCertificate: async ({ organisationId }) => ctx.withServer((c, token) => c.demoOrganisationCertificate(token, organisationId)),
    meetings: async ({ organisationId }) => ctx.withServer((c, token) => c.organisationMeetings(token, organisationId)),
    setMeetingOrganisation: async ({ meetingId, organisationId }) => {
      const r = await ctx.withServer((c, token) => c.setMeetingOrganisation(token, meetingId, organisationId));
      return { organisationId: r.organisationId };
    },
  };
}
