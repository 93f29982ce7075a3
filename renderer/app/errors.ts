import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError, type ErrorCode } from '../../shared/errors';
import { BridgeDownError } from '../bridge';
import type { Language } from '../i18n';
import { formatRefusalParam } from './format';

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
  // The core's sentence carries the date; the translation says the same in the UI language.
  'lease_expired',
  // The wipe is already under way; say so in the UI language.
  'device_lost',
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

/** A refused record as the core reports it (OutboxState's refusal fields). */
interface Refused {
  refusal: string | null;
  refusalReason?: string | null;
  refusalParams?: Record<string, string> | null;
}


/**
 * Why the server refused a record, in the UI language when the reason is one we know;
 * otherwise the server's own sentence, which is better than a vague one.
 */
export function refusalText(t: TFunction, r: Refused, lang: string): string {
  const reason = r.refusalReason;
  if (!reason || !t(`refusal.${reason}`, { defaultValue: '' })) return r.refusal ?? t('errors.server_error');
  const params: Record<string, string> = {};
  const language: Language = lang.startsWith('en') ? 'en' : 'vi';
  for (const [k, v] of Object.entries(r.refusalParams ?? {})) {
    // Days as written, moments in the meeting's zone (not the device's): see format.ts.
    params[k] = formatRefusalParam(v, language);
  }
  return t(`refusal.${reason}`, params);
}

/** refusalText bound to the default namespace and the current language. */
export function useRefusalText(): (r: Refused) => string {
  const { t, i18n } = useTranslation();
  return (r) => refusalText(t, r, i18n.language);
}
