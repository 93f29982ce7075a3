/** Reports across meetings: the monthly task report, the register of conclusions of an organisation. */
import { fileForIpc } from '../server-client';
import type { CoreContext } from '../context';
import type { Handlers } from '../validate';

export function reportHandlers(ctx: CoreContext): Handlers['reports'] {
  return {
    monthly: async ({ month, format }) => {
      return fileForIpc(await ctx.withServer((c, token) => c.monthlyReport(token, month, format)));
    },
    conclusions: async ({ organisationId, ...filter }) => ctx.withServer((c, token) => c.conclusionRegister(token, organisationId, filter)),
    conclusionsExport: async ({ organisationId, format, ...filter }) => fileForIpc(await ctx.withServer((c, token) => c.conclusionRegisterFile(token, organisationId, { ...filter, format }))),
  };
}
