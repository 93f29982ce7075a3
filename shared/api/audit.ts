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
    summary: 'The whole audit check: the chain, the heads this device kept, the records against the chain',
    description:
      "Each given head (from a receipt, live/<id> state.auditHead, a notice's or the minutes' \"Mã kiểm chứng\") must still be in the chain, so truncation, deletion and recomputed hashes are found. Every closed named poll is recounted from its ballots; each closed secret poll from its public record (every ballot's proofs, each teller's partial decryption, the opened counts); ballots, attendance and conclusions are held to their entries. Each issued notice and minutes is held to the chain: its register row, its stored PDF's SHA-256, and its text (result sentences, conclusions, members present, number) against the chain at its printed head. Each problem names the poll, row or document and the field, with both values. The recount and the PDF reading run in a worker thread, one check at a time per server: while another runs, 429 (code rate_limited) with Retry-After.",
    params: meetingParams,
    body: AuditCheckRequest,
    reply: AuditReport,
    // It recounts every secret poll (about a minute for a congress's 3,152 ballots) and reads the issued records.
    timeoutMs: 300_000,
  }),
};
