/**
 * Every HTTP endpoint of the server, by feature. The names (`voting.open`) are what the
 * server's handlers and the core's client use; the paths appear nowhere else.
 */
import { agendaEndpoints } from './agenda';
import { attendanceEndpoints } from './attendance';
import { auditEndpoints } from './audit';
import { deviceEndpoints } from './devices';
import { documentEndpoints } from './documents';
import { draftCommentEndpoints } from './draft-comments';
import { meetingEndpoints } from './meetings';
import { opsEndpoints } from './ops';
import { officialRecordEndpoints, organisationEndpoints } from './organisations';
import { outboxEndpoints } from './outbox';
import { participantEndpoints } from './participants';
import { presentingEndpoints } from './presenting';
import { readingEndpoints } from './reading';
import { sessionEndpoints } from './session';
import { speakerEndpoints } from './speakers';
import { taskEndpoints } from './tasks';
import { votingEndpoints } from './voting';

export const endpoints = {
  ...sessionEndpoints,
  ...opsEndpoints,
  ...deviceEndpoints,
  ...meetingEndpoints,
  ...participantEndpoints,
  ...documentEndpoints,
  ...outboxEndpoints,
  ...readingEndpoints,
  ...attendanceEndpoints,
  ...agendaEndpoints,
  ...speakerEndpoints,
  ...presentingEndpoints,
  ...draftCommentEndpoints,
  ...votingEndpoints,
  ...auditEndpoints,
  ...taskEndpoints,
  ...organisationEndpoints,
  ...officialRecordEndpoints,
};

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;
export * from './endpoint';
