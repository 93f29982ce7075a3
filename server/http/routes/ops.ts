/**
 * Operations endpoints (issue 13), for balancers and monitoring rather than devices:
 *   GET /api/ready  200 when this node should get traffic, 503 with the reasons when not
 *   GET /metrics    Prometheus text format
 * Both are public like /api/health: they carry counts and reasons, never a person's data.
 */
import { ApiError } from '../../../shared/errors';
import type { ReadyResponse } from '../../../shared/http';
import { sendMetrics } from '../../ops/metrics';
import type { ApiContext, Route } from '../context';
import { sendJson } from '../respond';

function opsOf(ctx: ApiContext): NonNullable<ApiContext['ops']> {
  if (!ctx.ops) throw new ApiError('not_found', 'This server does not report readiness or metrics.');
  return ctx.ops;
}

export const opsRoutes: Route[] = [
  {
    methods: ['GET'],
    pattern: /^\/api\/ready$/,
    handler: async (ctx, _req, res) => {
      const report = await opsOf(ctx).ready();
      // 503 is "try again" to a balancer and to a device alike; Retry-After says how soon.
      sendJson(res, report.ready ? 200 : 503, report satisfies ReadyResponse, report.ready ? {} : { 'Retry-After': '2' });
    },
  },
  {
    methods: ['GET'],
    pattern: /^\/metrics$/,
    handler: async (ctx, _req, res) => sendMetrics(opsOf(ctx).metrics, res),
  },
];
