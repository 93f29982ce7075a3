/**
 * Everything that keeps remote content and stray navigation out of the app. Applied to
 * every webContents the app ever creates (not just our window), so a future window or an
 * accidental <webview> cannot slip past it.
 */
import { app, shell, type Session, type WebContents } from 'electron';
import type { Log } from './log';
import { appScheme, isAppUrl } from './origin';
import { contentSecurityPolicy } from '../../shared/csp';

/** Sent with every app:// response; the renderer never needs anything looser. */
export { contentSecurityPolicy };

/**
 * Schemes a page of ours may request. Remote schemes (http, https, ws, file, …) are
 * cancelled before any byte leaves: the renderer talks to the server only through the core.
 */
const localSchemes = new Set([`${appScheme}:`, 'data:', 'blob:', 'devtools:', 'chrome-extension:']);

export function isLocalRequest(url: string): boolean {
  try {
    return localSchemes.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

export function hardenSession(ses: Session, log: Log): void {
  ses.setPermissionRequestHandler((_wc, permission, callback) => {
    log('warn', `Denied permission request: ${permission}`);
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    const cancel = !isLocalRequest(details.url);
    if (cancel) log('warn', `Blocked a remote request: ${redact(details.url)}`);
    callback({ cancel });
  });
}

export function hardenWebContents(wc: WebContents, log: Log): void {
  const refuse = (kind: string) => (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    log('warn', `Blocked ${kind} to ${redact(url)}`);
  };
  wc.on('will-navigate', refuse('navigation'));
  wc.on('will-redirect', refuse('redirect'));
  // Covers subframes too, which will-navigate does not.
  wc.on('will-frame-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log('warn', `Blocked frame navigation to ${redact(event.url)}`);
  });
  wc.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('warn', 'Blocked a <webview>.');
  });
  wc.setWindowOpenHandler(({ url }) => {
    // A link to an outside page (a law text, a ministry site) opens in the system browser;
    // plain http and every other scheme are refused, so a page cannot launch local handlers.
    if (isHttps(url)) {
      void shell.openExternal(url).catch((err: unknown) => log('warn', 'Could not open a link in the browser.', err));
    } else {
      log('warn', `Blocked window.open of ${redact(url)}`);
    }
    return { action: 'deny' };
  });
}

/** Must run before the first window so that no webContents is ever created unguarded. */
export function installSecurityGuards(log: Log): void {
  // Sandboxes every renderer, including ones a future change might create without asking.
  app.enableSandbox();
  app.on('web-contents-created', (_event, wc) => hardenWebContents(wc, log));
}

function isHttps(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Logs show where a blocked request went, not its query (which can carry tokens). */
function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}
