/**
 * Picks the transport to the desktop core: the preload's `window.opencabinet` in Electron,
 * the loopback WebSocket in browser mode. Screens only ever see the typed `Client`.
 */
import { createClient, type Client, type WireBridge } from '../../shared/contract';
import { electronBridge } from './electron';
import { wholeMeetingViews } from './meeting-views';
import { alwaysUp, type HealthSource } from './health';
import { electronFileRef, stagingFileRef, type FileRefMaker } from './staging';
import { bridgeUrl, takeBridgeToken } from './page-url';
import { createWebSocketBridge } from './websocket';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    opencabinet?: WireBridge;
  }
}

export interface Connection {
  client: Client;
  /** Reachability of the desktop core itself (not of the sync server). */
  core: HealthSource;
  mode: 'electron' | 'browser';
  /** A picked or dropped file as the core can receive it. */
  fileRef: FileRefMaker;
}

export function connect(): Connection {
  const exposed = window.opencabinet;
  if (exposed) {
    return { client: createClient(wholeMeetingViews(electronBridge(exposed))), core: alwaysUp, mode: 'electron', fileRef: electronFileRef(exposed.pathForFile?.bind(exposed)) };
  }
  const token = takeBridgeToken();
  const bridge = createWebSocketBridge({ url: bridgeUrl(token) });
  return { client: createClient(wholeMeetingViews(bridge)), core: bridge, mode: 'browser', fileRef: stagingFileRef(() => token) };
}

export type { BridgeHealth, HealthSource } from './health';
export { BridgeDownError } from './errors';
export type { FileRefMaker, StagingProgress } from './staging';
