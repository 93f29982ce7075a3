/** The audit chain: its entries, the chain check, and the whole check with kept heads (issue 18). */
import { AuditCheckRequest, AuditList, AuditReport, AuditVerifyResponse } from '../http';
import { endpoint } from './endpoint';
import { meetingParams } from './ids';

export const auditEndpoints = {
  'audit.entries': endpoint({
    method: 'GET',
    path: '/api/meetings/:meetingId/audit',
    access: 'member',
    summary: "The meeting's audit chain",
    params: meetingParams,
    reply: AuditList,
  }),
  'audit.verify': endpoint({
    method: 'GET',
    path: '/api/meetings/:meetingId/audit/verify',
    access: 'member',
    summary: 'Recompute the chain and say where it breaks, if it does',
    params: meetingParams,
    reply: AuditVerifyResponse,
  }),
  'audit.check': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/audit/check',
    access: 'runs-meeting',
    action: 'check the audit chain',
    summary: 'The whole audit check: the chain, the heads this device kept, and the records against the chain',
    params: meetingParams,
    body: AuditCheckRequest,
    reply: AuditReport,
    timeoutMs: 60_000,
  }),
};
