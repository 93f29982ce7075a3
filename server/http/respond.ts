import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, toErrorInfo, type ErrorCode } from '../../shared/errors';
import type { Log } from '../log';

export const statusOf: Record<ErrorCode, number> = {
  invalid_input: 400,
  bad_credentials: 401,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  server_error: 500,
  offline: 503,
  device_lost: 403,
  // Raised by the device only (an offline lease ran out); listed for completeness.
  lease_expired: 403,
};

/**
 * An ApiError whose HTTP status is not the usual one for its code: 415 and 422 keep the
 * `invalid_input` code (the wire has one code per kind of fix) but tell HTTP tools more.
 */
export class HttpError extends ApiError {
  constructor(
    readonly status: number,
    code: ErrorCode,
    message: string,
  ) {
    super(code, message);
  }
}

const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...securityHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Every error leaves as `{ error: { code, message } }`; anything unexpected is logged, never shown. */
export function sendError(req: IncomingMessage, res: ServerResponse, err: unknown, log: Log): void {
  const info = toErrorInfo(err);
  if (!(err instanceof ApiError)) {
    log('error', 'request failed', { method: req.method, url: req.url?.split('?')[0], error: err instanceof Error ? err.stack : String(err) });
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  if (err instanceof ApiError && err.code === 'rate_limited' && 'retryAfterSec' in err) {
    headers['Retry-After'] = String((err as ApiError & { retryAfterSec: number }).retryAfterSec);
  }
  if (info.code === 'unauthorized' || info.code === 'bad_credentials') headers['WWW-Authenticate'] = 'Bearer';
  // The database or Redis is away for the moment (store/errors.ts): say when to come back.
  if (info.code === 'offline') headers['Retry-After'] ??= '5';
  const status = err instanceof HttpError ? err.status : (statusOf[info.code as ErrorCode] ?? 500);
  // A refused upload is answered before its body is read; closing is cheaper than draining it.
  if (!req.complete) headers['Connection'] = 'close';
  sendJson(res, status, { error: info }, headers);
}

/** A body that is already JSON text (a task list built in SQL), sent as sendJson would. */
export function sendJsonText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...securityHeaders, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** A generated file, offered for download under `filename` (ASCII, so no encoding dance). */
export function sendFile(res: ServerResponse, bytes: Uint8Array | string, type: string, filename: string): void {
  const body = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  res.writeHead(200, { ...securityHeaders, 'Content-Type': type, 'Content-Length': body.length, 'Content-Disposition': `attachment; filename="${filename}"` });
  res.end(body);
}
