/**
 * The only thing the page gets from Electron: `window.opencabinet`, a `Bridge` generated
 * from the contract. Runs sandboxed, so it is bundled into one CJS file and requires
 * nothing at runtime but `electron`. `ipcRenderer` itself never crosses the bridge.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { isChannel, isEventName } from '../shared/channels';
import { createEventFanout } from '../shared/event-fanout';
import type { EventName, Result, WireBridge } from '../shared/contract';

const channelPrefix = 'oc:';
const eventChannel = 'oc:event';

/** One IPC listener fans out to every subscriber (see shared/event-fanout.ts). */
const events = createEventFanout<EventName>((event, err) => console.error(`A listener for ${event} failed.`, err));

ipcRenderer.on(eventChannel, (_event: IpcRendererEvent, message: unknown) => {
  if (!message || typeof message !== 'object') return;
  const { event, payload } = message as { event?: unknown; payload?: unknown };
  if (isEventName(event)) events.emit(event, payload);
});

/**
 * A rejection carries `{ code, message }` as a plain object, not an Error: the context
 * bridge copies an Error with its message only and drops every other property, so the code
 * would be lost. The renderer turns it back into an ApiError (renderer/bridge/errors.ts).
 */
function failure(code: string, message: string): { name: string; code: string; message: string } {
  return { name: 'ApiError', code, message };
}

const bridge: WireBridge = {
  async invoke(channel, input) {
    if (!isChannel(channel)) throw failure('invalid_input', `Unknown call: ${String(channel)}.`);
    const result = (await ipcRenderer.invoke(channelPrefix + channel, input)) as Result;
    if (result.ok) return result.value;
    throw failure(result.error.code, result.error.message);
  },
  on(event, listener) {
    if (!isEventName(event)) throw new TypeError(`Unknown event: ${String(event)}.`);
    if (typeof listener !== 'function') throw new TypeError('An event listener must be a function.');
    return events.on(event, listener);
  },
  // The sandboxed page cannot read paths itself; the core needs one to stream a chosen PDF.
  pathForFile(file) {
    try {
      return webUtils.getPathForFile(file as File) || null;
    } catch {
      return null;
    }
  },
};

contextBridge.exposeInMainWorld('opencabinet', bridge);
