/**
 * What devices send from their outbox — check-ins, ballots, conclusions, tasks, notes —
 * and the receipts they get back.
 */
import { SubmitRecordsRequest, SubmitRecordsResponse, VerifyReceiptRequest, VerifyReceiptResponse } from '../http';
import { endpoint } from './endpoint';
import { meetingParams } from './ids';

export const outboxEndpoints = {
  'outbox.submit': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/records',
    access: 'participant',
    // A device marked lost still sends what people did on it before it wipes itself.
    allowLost: true,
    action: 'send records to it',
    summary: 'Submit outbox records (check-ins, ballots, conclusions, tasks…); answers signed receipts',
    params: meetingParams,
    body: SubmitRecordsRequest,
    reply: SubmitRecordsResponse,
    timeoutMs: 30_000,
  }),
  'outbox.verifyReceipt': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/receipts/verify',
    access: 'member',
    summary: "Check a receipt against the server's records (one's own; the chair or secretariat anyone's)",
    params: meetingParams,
    body: VerifyReceiptRequest,
    reply: VerifyReceiptResponse,
  }),
};
