/**
 * Where the page finds the browser-mode bridge: the host's own address, and the launch
 * token it was opened with. Kept apart from the socket itself (websocket.ts), which runs
 * as well in Node for tests.
 */
import { bridgePath } from '../../shared/bridge-protocol';

const tokenStorageKey = 'opencabinet.bridgeToken';

/**
 * The per-launch token arrives in the URL fragment (never sent over HTTP). It is kept in
 * sessionStorage so a reload still works, and removed from the address bar so it does not
 * end up in history, bookmarks or a screenshot.
 */
export function takeBridgeToken(): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(tokenStorageKey, fromHash);
    history.replaceState(history.state, '', location.pathname + location.search);
    return fromHash;
  }
  return sessionStorage.getItem(tokenStorageKey);
}

export function bridgeUrl(token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${bridgePath}?token=${encodeURIComponent(token ?? '')}`;
}
