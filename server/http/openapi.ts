/**
 * /api/openapi.json, generated from the endpoint table (shared/api) and the same zod
 * schemas the server validates with and the core parses with, so the description cannot
 * drift from the behaviour. Schemas exported under a name become named components.
 */
import type { z } from 'zod';
import { endpoints, isFileReply, isUpload, openApiPath, type EndpointSpec } from '../../shared/api';
import * as commonApi from '../../shared/api/common';
import * as sessionApi from '../../shared/api/session';
import * as opsApi from '../../shared/api/ops';
import * as devicesApi from '../../shared/api/devices';
import * as meetingsApi from '../../shared/api/meetings';
import * as participantsApi from '../../shared/api/participants';
import * as documentsApi from '../../shared/api/documents';
import * as outboxApi from '../../shared/api/outbox';
import * as readingApi from '../../shared/api/reading';
import * as attendanceApi from '../../shared/api/attendance';
import * as agendaApi from '../../shared/api/agenda';
import * as speakersApi from '../../shared/api/speakers';
import * as presentingApi from '../../shared/api/presenting';
import * as draftCommentsApi from '../../shared/api/draft-comments';
import * as votingApi from '../../shared/api/voting';
import * as auditApi from '../../shared/api/audit';
import * as tasksApi from '../../shared/api/tasks';
import * as conclusionsApi from '../../shared/api/conclusions';
import * as organisationsApi from '../../shared/api/organisations';
import * as draftComments from '../../shared/domain/draft-comments';
import * as participantsImport from '../../shared/domain/participants-import';
import * as presenting from '../../shared/domain/presenting';
import * as speaking from '../../shared/domain/speaking';
import type { ErrorCode } from '../../shared/errors';
import * as organisations from '../../shared/organisations';
import * as live from '../../shared/ydoc/live';
import { error, ref, schemaOf } from './openapi-parts';
import { statusOf } from './respond';

/** Every named schema, by the name it is exported under (the first module wins). */
function namedSchemas(): Map<z.ZodType, string> {
  const names = new Map<z.ZodType, string>();
  // The payloads of each feature's endpoints, then the domain schemas they use.
  const apiModules = [commonApi, sessionApi, opsApi, devicesApi, meetingsApi, participantsApi, documentsApi, outboxApi, readingApi, attendanceApi, agendaApi, speakersApi, presentingApi, draftCommentsApi, votingApi, auditApi, tasksApi, conclusionsApi, organisationsApi];
  for (const mod of [...apiModules, organisations, speaking, presenting, draftComments, participantsImport, live]) {
    for (const [name, value] of Object.entries(mod)) {
      if (value && typeof value === 'object' && '_zod' in value && !names.has(value as z.ZodType)) names.set(value as z.ZodType, name);
    }
  }
  return names;
}

type AccessError = { code: ErrorCode; why: string };
const unauthorized: AccessError = { code: 'unauthorized', why: 'Missing, unknown or expired session token.' };
const forbidden = (why: string): AccessError => ({ code: 'forbidden', why });
/**
 * The meeting levels: signed in, one of the meeting's participants (a meeting the caller
 * may not see answers as if there were none), and, where the level asks more, `refused`.
 */
const inMeeting = (refused?: AccessError): AccessError[] => [
  unauthorized,
  ...(refused ? [refused] : []),
  { code: 'not_found', why: 'No such meeting, or the caller is not one of its participants.' },
];

/** What each access level can answer beyond the endpoint's own codes. */
const accessErrors: Record<EndpointSpec['access'], AccessError[]> = {
  public: [],
  'signed-in': [unauthorized],
  admin: [unauthorized, forbidden('The caller is not a global administrator.')],
  member: inMeeting(),
  participant: inMeeting(forbidden('The caller observes the meeting (an administrator) without taking part.')),
  'runs-meeting': inMeeting(forbidden('The caller is not chair, vice chair or secretariat of this meeting.')),
  secretariat: inMeeting(forbidden('The caller is not secretariat of this meeting.')),
};

const codeMeaning: Partial<Record<ErrorCode, string>> = {
  invalid_input: 'The request is not valid; the message names what is wrong.',
  bad_credentials: 'Wrong user name or password.',
  forbidden: 'The caller may not do this; the message says who may.',
  not_found: 'No such thing, or the caller may not see it.',
  conflict: 'The state does not allow it now; the message says why.',
  payload_too_large: 'The body is larger than allowed.',
  device_lost: 'This device was reported lost: it may only send its outbox and report its wipe.',
  rate_limited: 'Too many requests from this user or address; try again after Retry-After seconds.',
};

function errorResponses(spec: EndpointSpec): Record<string, unknown> {
  const byStatus = new Map<number, string[]>();
  const add = (code: ErrorCode, why: string) => {
    const status = statusOf[code];
    const list = byStatus.get(status) ?? [];
    list.push(`${why} (code ${code})`);
    byStatus.set(status, list);
  };
  for (const { code, why } of accessErrors[spec.access]) add(code, why);
  if (spec.access !== 'public' && !spec.allowLost) add('device_lost', codeMeaning.device_lost!);
  if (spec.params || spec.query || spec.body) add('invalid_input', codeMeaning.invalid_input!);
  if (spec.body && !isUpload(spec.body)) add('payload_too_large', `The JSON body is larger than ${Math.round((spec.maxBodyBytes ?? 1024 * 1024) / 1024)} KB.`);
  for (const code of spec.errors ?? []) if (!accessErrors[spec.access].some((e) => e.code === code)) add(code, codeMeaning[code] ?? code);
  // Every route can answer 429: request limits, upload slots and sign-in throttling sit in front of all of them.
  add('rate_limited', codeMeaning.rate_limited!);
  const out: Record<string, unknown> = {};
  for (const [status, reasons] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    out[String(status)] = {
      ...error([...new Set(reasons)].join(' ')),
      ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } } } } : {}),
    };
  }
  return out;
}

function parameters(spec: EndpointSpec): unknown[] {
  const out: unknown[] = [];
  for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
    if (!schema) continue;
    for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      const required = where === 'path' || !field.safeParse(undefined).success;
      out.push({ name, in: where, required, schema: schemaOf(field, 'input') });
    }
  }
  return out;
}

const operationId = (name: string) => name.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());

let cached: Record<string, unknown> | null = null;

export function openApiDocument(version: string): Record<string, unknown> {
  if (cached) return cached;
  const names = namedSchemas();
  const components: Record<string, unknown> = { ErrorBody: schemaOf(commonApi.ErrorBody, 'output') };
  /** A named schema becomes a component and a reference; any other is written in place. */
  const schema = (s: z.ZodType, io: 'input' | 'output') => {
    const name = names.get(s);
    if (!name) return schemaOf(s, io);
    components[name] ??= schemaOf(s, io);
    return ref(name);
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(endpoints) as [string, EndpointSpec][]) {
    const path = openApiPath(spec.path);
    const success = isFileReply(spec.reply)
      ? { description: 'The file.', content: Object.fromEntries(spec.reply.file.map((t) => [t, { schema: { type: 'string', contentMediaType: t } }])) }
      : { description: 'Done.', content: { 'application/json': { schema: schema(spec.reply, 'output') } } };
    const requestBody = !spec.body
      ? undefined
      : isUpload(spec.body)
        ? { required: true, content: { [spec.body.upload]: { schema: { type: 'string', contentMediaType: spec.body.upload } } } }
        : { required: !spec.optionalBody, content: { 'application/json': { schema: schema(spec.body, 'input') } } };
    const params = parameters(spec);
    (paths[path] ??= {})[spec.method.toLowerCase()] = {
      operationId: operationId(name),
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.access === 'public' ? { security: [] } : {}),
      'x-access': spec.access,
      ...(params.length ? { parameters: params } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: {
        [String(spec.status ?? 200)]: success,
        ...Object.fromEntries(Object.entries(spec.also ?? {}).map(([status, why]) => [status, { ...success, description: why }])),
        ...errorResponses(spec),
      },
    };
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'OpenCabinet sync server',
      version,
      description:
        'HTTP API of the OpenCabinet server. Yjs documents are synced over WebSocket at /sync/meeting/<id> and /sync/live/<id> (y-websocket protocol, token in the `token` query parameter). `x-access` says who may call each operation.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Session token from POST /api/login.' } },
      schemas: components,
    },
    paths,
    security: [{ bearer: [] }],
  };
  return cached;
}
