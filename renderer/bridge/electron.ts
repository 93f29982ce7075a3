import type { WireBridge } from '../../shared/contract';
import { toApiError } from './errors';

/**
 * Wraps the preload's `window.opencabinet`. Class identity does not survive the context
 * bridge (a rejected `ApiError` arrives as a plain object or Error), so rejections are
 * turned back into `ApiError` here, once, rather than in every screen.
 */
export function electronBridge(exposed: WireBridge): WireBridge {
  return {
    invoke: (channel, input) =>
      exposed.invoke(channel, input).catch((err: unknown) => {
        throw toApiError(err);
      }),
    on: (event, listener) => exposed.on(event, listener),
  };
}
