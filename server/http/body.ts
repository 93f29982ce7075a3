import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { ApiError } from '../../shared/errors';

export const maxJsonBytes = 1024 * 1024;

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new ApiError('payload_too_large', `The request body is larger than ${Math.round(limit / 1024)} KB.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ApiError('payload_too_large', `The request body is larger than ${Math.round(limit / 1024)} KB.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A sentence naming the first thing wrong, e.g. `The field "password" is missing.` */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request body is not valid.';
  const field = issue.path.length ? issue.path.join('.') : null;
  if (issue.code === 'invalid_type' && field && /received undefined/.test(issue.message)) {
    return `The field "${field}" is missing.`;
  }
  if (issue.code === 'invalid_type' && !field) return 'The request body must be a JSON object.';
  if (issue.code === 'unrecognized_keys') return `Unknown field(s): ${issue.keys.join(', ')}.`;
  // One of a list (a format, a kind): name the choices in plain words.
  if (issue.code === 'invalid_value' && field) return `The field "${field}" must be one of ${issue.values.map(String).join(', ')}.`;
  const msg = /[.!?]$/.test(issue.message) ? issue.message : `${issue.message}.`;
  return field ? `The field "${field}" is not valid: ${msg}` : msg;
}

export async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S, limit = maxJsonBytes): Promise<z.output<S>> {
  // Requiring application/json also means a web page cannot post here with a plain form.
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError('invalid_input', 'The request body must be JSON (Content-Type: application/json).');
  }
  const raw = await readBody(req, limit);
  if (raw.length === 0) throw new ApiError('invalid_input', 'The request body is empty; send a JSON object.');
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new ApiError('invalid_input', `The request body is not valid JSON (${(err as Error).message}).`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError('invalid_input', describeIssue(parsed.error));
  return parsed.data;
}

/**
 * Parses the query string with a schema. An empty value counts as absent, so
 * `?agendaItemId=` means "no agenda item" rather than an id that is an empty string.
 */
export function readQuery<S extends z.ZodType>(req: IncomingMessage, schema: S): z.output<S> {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const value: Record<string, string> = {};
  for (const [k, v] of params) {
    if (v !== '' && !(k in value)) value[k] = v;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError('invalid_input', describeIssue(parsed.error).replace(/^The field/, 'The query parameter'));
  return parsed.data;
}
