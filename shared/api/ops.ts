/** Operations (issue 13), for balancers and monitoring rather than devices. */
import { endpoint } from './endpoint';
import { z } from 'zod';

export const Health = z.object({ ok: z.literal(true), version: z.string() });
export type Health = z.infer<typeof Health>;

/** GET /api/ready: whether this node should get traffic, and each check's reason when not (503). */
export const ReadyResponse = z.object({
  ready: z.boolean(),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), reason: z.string().optional() })),
});
export type ReadyResponse = z.infer<typeof ReadyResponse>;

export const opsEndpoints = {
  'ops.ready': endpoint({
    method: 'GET',
    path: '/api/ready',
    access: 'public',
    summary: 'Whether this node should get traffic now: 200, or 503 with the reasons and Retry-After',
    description: 'Database reachable and migrated, Redis reachable when configured, not draining. 503 is "try again" to a balancer and to a device alike.',
    reply: ReadyResponse,
    also: { 503: 'Not ready now (the body says why); try again after Retry-After seconds.' },
    errors: ['not_found'],
    timeoutMs: 3000,
  }),
  'ops.metrics': endpoint({
    method: 'GET',
    path: '/metrics',
    access: 'public',
    summary: 'Prometheus metrics of this node (text format): counts, never a person\'s data',
    reply: { file: ['text/plain'] },
    errors: ['not_found'],
  }),
};
