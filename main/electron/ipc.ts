/**
 * IPC wiring generated from the contract's channel list: one `oc:<channel>` handler per
 * call, one `oc:event` stream for pushed events. Handlers always resolve with a `Result`
 * envelope, because a rejection through `ipcMain.handle` reaches the renderer as a bare
 * Error whose code is gone.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { channels, eventNames, type MeetingView, type MeetingViewWire, type Result } from '../../shared/contract';
import { meetingViewThinner } from '../core/view-wire';
import { ApiError, toErrorInfo } from '../../shared/errors';
import type { Core } from '../core';
import type { Log } from './log';
import { isAppUrl } from './origin';

export const channelPrefix = 'oc:';
export const eventChannel = 'oc:event';

type Method = (input: unknown) => Promise<unknown>;

export interface IpcOptions {
  core: Core;
  /** The webContents of our window, or null while there is none. */
  target: () => WebContents | null;
  log: Log;
}

/** Registers every handler and forwards every event; returns a function that undoes it. */
export function wireIpc({ core, target, log }: IpcOptions): () => void {
  const api = core.api as unknown as Record<string, Record<string, Method | undefined> | undefined>;

  for (const channel of channels) {
    const [ns, method] = channel.split('.') as [string, string];
    ipcMain.handle(channelPrefix + channel, async (event, input: unknown): Promise<Result> => {
      if (!isTrustedSender(event, target())) {
        log('warn', `Refused ${channel} from an untrusted sender: ${event.senderFrame?.url ?? '(gone)'}`);
        return { ok: false, error: { code: 'forbidden', message: 'This window may not use the application.' } };
      }
      const fn = api[ns]?.[method];
      if (typeof fn !== 'function') {
        log('error', `The core does not implement ${channel}.`);
        return { ok: false, error: toErrorInfo(new ApiError('server_error', 'This action is not available in this version.')) };
      }
      try {
        return { ok: true, value: await fn.call(api[ns], input) };
      } catch (err) {
        const error = toErrorInfo(err);
        if (error.code === 'server_error') log('error', `${channel} failed.`, err);
        return { ok: false, error };
      }
    });
  }

  // Each window was sent each meeting's content once; live changes then come without it.
  const thinners = new WeakMap<WebContents, (view: MeetingView) => MeetingViewWire>();
  const thinFor = (wc: WebContents) => {
    let thin = thinners.get(wc);
    if (!thin) thinners.set(wc, (thin = meetingViewThinner()));
    return thin;
  };
  const unsubscribers = eventNames.map((name) =>
    core.on(name, (payload) => {
      const wc = target();
      if (wc && !wc.isDestroyed()) wc.send(eventChannel, { event: name, payload: name === 'meeting.changed' ? thinFor(wc)(payload as MeetingView) : payload });
    }),
  );

  return () => {
    for (const channel of channels) ipcMain.removeHandler(channelPrefix + channel);
    for (const off of unsubscribers) off();
  };
}

/**
 * Only the top frame of our own window, showing our own page, may call the core: not an
 * iframe, not another webContents, not a page that somehow navigated elsewhere.
 */
function isTrustedSender(event: IpcMainInvokeEvent, ours: WebContents | null): boolean {
  const frame = event.senderFrame;
  if (!ours || ours.isDestroyed() || !frame) return false;
  if (event.sender.id !== ours.id) return false;
  // Compared by ids: WebFrameMain wrappers are not guaranteed to be the same object.
  const main = ours.mainFrame;
  if (frame.parent !== null || frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isAppUrl(frame.url);
}
