import { ApiError, fromErrorInfo, isErrorCode } from '../../shared/errors';

/**
 * Thrown for calls that could not reach the desktop core at all. It is an `ApiError` so
 * callers handle it like any other, and a subclass so the UI can say "the application
 * core is not responding" instead of blaming the server.
 */
export class BridgeDownError extends ApiError {
  constructor() {
    super('server_error', 'The application core is not responding.');
    this.name = 'BridgeDownError';
  }
}

/** Whatever a transport rejected with, as an `ApiError` with a code the UI can translate. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err && typeof err === 'object' && 'code' in err && isErrorCode(err.code)) {
    const message = 'message' in err && typeof err.message === 'string' ? err.message : '';
    return fromErrorInfo({ code: err.code, message });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError('server_error', message);
}
