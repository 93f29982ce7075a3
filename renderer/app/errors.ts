import type { TFunction } from 'i18next';
import { ApiError, type ErrorCode } from '../../shared/errors';
import { BridgeDownError } from '../bridge';

/** Codes whose text we translate; the rest carry a message that is clearer than any generic text. */
const translated: ReadonlySet<ErrorCode> = new Set([
  'bad_credentials',
  'rate_limited',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'server_error',
]);

/**
 * The sentence to show for a failed call, in the UI language. `invalid_input` keeps the
 * core's message because it names the field at fault ("A title cannot be empty.").
 */
export function errorText(t: TFunction, err: unknown, context: { server?: string | null } = {}): string {
  if (err instanceof BridgeDownError) return t('errors.bridge_down');
  if (!(err instanceof ApiError)) return t('errors.server_error');
  if (err.code === 'offline') {
    return context.server ? t('errors.offline', { server: context.server }) : t('errors.offlineNoServer');
  }
  if (err.code === 'invalid_input') return err.message || t('errors.server_error');
  if (translated.has(err.code)) return t(`errors.${err.code}`);
  return err.message || t('errors.server_error');
}
