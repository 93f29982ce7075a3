/**
 * How one HTTP endpoint of the server is declared, once: method, path with typed
 * parameters, who may call it, request and reply schemas, and the error codes it answers.
 * From the table of these (shared/api/index.ts) come the server's router and its checks
 * (server/http/router.ts), the core's typed client (main/core/server-client.ts), the
 * OpenAPI document (server/http/openapi.ts) and the route-coverage test — so the four
 * cannot drift apart.
 */
import { z } from 'zod';
import type { ErrorCode } from '../errors';

/**
 * Who may call. The router checks this before the handler runs:
 * - `public`: anyone (counted against the caller's address);
 * - `signed-in`: any valid session (`allowLost` also lets a device reported lost in);
 * - `member`: a participant of the meeting in `:meetingId`, or a global admin observing;
 * - `participant`: a participant of that meeting (an observing admin is refused);
 * - `runs-meeting`: its chair, a vice chair or its secretariat;
 * - `secretariat`: its secretariat;
 * - `admin`: a global administrator.
 */
export type Access = 'public' | 'signed-in' | 'member' | 'participant' | 'runs-meeting' | 'secretariat' | 'admin';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A reply that is a file (PDF, CSV, a blob with ranges) rather than JSON. */
export interface FileReply {
  file: readonly string[];
}

/** A request whose body is a raw upload (a PDF streamed to disk), not JSON. */
export interface UploadBody {
  upload: string;
}

// zod's own base type, so any schema (object, union, pipe) can be a body or a reply.
type Schema = z.ZodType;
/** Path and query parameters arrive as strings; their schemas may turn them into other things. */
type ParamsSchema = z.ZodObject;

export interface EndpointSpec {
  method: Method;
  /** The path with `:name` parameters, e.g. `/api/meetings/:meetingId/polls/:pollId/open`. */
  path: string;
  access: Access;
  /** For refusals: "Only the secretariat of this meeting can <action>." */
  action?: string;
  /** A device reported lost may still call this (its outbox, its wipe report). */
  allowLost?: boolean;
  summary: string;
  description?: string;
  params?: ParamsSchema;
  query?: ParamsSchema;
  body?: Schema | UploadBody;
  /** A request without any body reads as `{}` (clients from before the body existed). */
  optionalBody?: boolean;
  /** Largest JSON body accepted (default 1 MB). */
  maxBodyBytes?: number;
  reply: Schema | FileReply;
  /** Answers beyond success and the errors, by status (a 503 that carries the reply's own shape). */
  also?: Record<number, string>;
  /** The status of a successful answer (201 for a created resource). */
  status?: number;
  /** Codes beyond the ones its access level implies (401, 403, 404, device_lost, 400 for bad input, 429). */
  errors?: readonly ErrorCode[];
  /** How long the core's client waits for the answer. */
  timeoutMs?: number;
}

export type Endpoint = EndpointSpec;

export function endpoint<const E extends EndpointSpec>(spec: E): E {
  return spec;
}

export const isFileReply = (r: Schema | FileReply): r is FileReply => 'file' in r && Array.isArray((r as FileReply).file);
export const isUpload = (b: Schema | UploadBody | undefined): b is UploadBody => !!b && 'upload' in b && typeof (b as UploadBody).upload === 'string';

type Out<S> = S extends z.ZodType ? z.output<S> : never;
type In<S> = S extends z.ZodType ? z.input<S> : never;

/** What a call of the endpoint carries, as the client writes it. */
export type CallInput<E extends EndpointSpec> = (E['params'] extends z.ZodType ? { params: In<E['params']> } : { params?: undefined }) &
  (E['query'] extends z.ZodType ? { query: In<E['query']> } : { query?: undefined }) &
  (E['body'] extends z.ZodType ? { body: In<E['body']> } : { body?: undefined });

/** What the handler gets, parsed. */
export type ParsedInput<E extends EndpointSpec> = {
  params: E['params'] extends z.ZodType ? Out<E['params']> : Record<string, never>;
  query: E['query'] extends z.ZodType ? Out<E['query']> : Record<string, never>;
  body: E['body'] extends z.ZodType ? Out<E['body']> : undefined;
};

/** The JSON reply, as the handler returns it and the client reads it. */
export type Reply<E extends EndpointSpec> = E['reply'] extends z.ZodType ? z.output<E['reply']> : never;
export type ReplyIn<E extends EndpointSpec> = E['reply'] extends z.ZodType ? z.input<E['reply']> : never;

/** `/api/meetings/:meetingId` → `/api/meetings/{meetingId}` (OpenAPI's form). */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** The path of a call: parameters encoded into their places. */
export function fillPath(path: string, params: Record<string, string> | undefined): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`The path ${path} needs the parameter ${name}.`);
    return encodeURIComponent(v);
  });
}

/** `?a=1&b=2` from the query object; absent values are left out. */
export function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
