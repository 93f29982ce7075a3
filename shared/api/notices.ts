/** The quick conclusion notice of a meeting (the numbered, signed record is official-records). */
import { NoticeResponse } from '../http';
import { endpoint } from './endpoint';
import { meetingParams } from './ids';

export const noticeEndpoints = {
  'notices.issue': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/notice',
    access: 'runs-meeting',
    action: 'issue the conclusion notice',
    summary: 'Issue the conclusion notice (draft until every conclusion is in)',
    params: meetingParams,
    reply: NoticeResponse,
    status: 201,
    timeoutMs: 60_000,
  }),
};
