/**
 * One error shape for every boundary (core API, browser bridge, IPC, server HTTP).
 * `code` is for programs and translations; `message` is a sentence a person can act on.
 */
export const errorCodes = [
  'invalid_input',
  'bad_credentials',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'offline',
  'rate_limited',
  'payload_too_large',
  'server_error',
  /** This device was reported lost: it may only send its outbox and report its wipe. */
  'device_lost',
  /** A confidential meeting's offline lease ran out: connect to the server to open it. */
  'lease_expired',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

export class ApiError extends Error implements ErrorInfo {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

/** Turns anything thrown into the wire shape, without leaking stack traces. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof ApiError) return err.toJSON();
  if (err && typeof err === 'object' && 'code' in err && isErrorCode((err as ErrorInfo).code)) {
    return { code: (err as ErrorInfo).code, message: String((err as ErrorInfo).message) };
  }
  return { code: 'server_error', message: 'Something went wrong inside the application. The error has been logged.' };
}

export function fromErrorInfo(info: ErrorInfo): ApiError {
  return new ApiError(isErrorCode(info.code) ? info.code : 'server_error', info.message);
}
