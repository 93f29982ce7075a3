/**
 * Operations endpoints (issue 13): readiness for balancers and devices choosing a node,
 * Prometheus metrics for monitoring. Public like /api/health: counts and reasons, never a
 * person's data.
 */
import type { opsEndpoints } from '../../../shared/api/ops';
import { ApiError } from '../../../shared/errors';
import { sendMetrics } from '../../ops/metrics';
import type { ApiContext } from '../context';
import { Answer, type Handlers } from '../router';

function opsOf(ctx: ApiContext): NonNullable<ApiContext['ops']> {
  if (!ctx.ops) throw new ApiError('not_found', 'This server does not report readiness or metrics.');
  return ctx.ops;
}

export const opsHandlers: Handlers<typeof opsEndpoints> = {
  'ops.ready': async (ctx) => {
    const report = await opsOf(ctx).ready();
    // 503 is "try again" to a balancer and to a device alike; Retry-After says how soon.
    return report.ready ? report : new Answer(503, report, { 'Retry-After': '2' });
  },
  'ops.metrics': async (ctx, { res }) => sendMetrics(opsOf(ctx).metrics, res),
};
