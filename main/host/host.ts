/**
 * Browser mode: the same desktop core as Electron, reached from a browser tab over a
 * loopback WebSocket instead of IPC. One host is one device (one data folder).
 *
 * Trust: the host listens on 127.0.0.1 only; the bridge needs the per-launch token, which
 * travels in the URL fragment (never sent in HTTP requests) and must come from a page
 * served by this host (Origin check), so other local pages and sites cannot drive it.
 */
import http from 'node:http';
import crypto from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { channels, eventNames, isChannel, type MeetingView, type Result } from '../../shared/contract';
import { meetingViewThinner } from '../core/view-wire';
import { BridgeRequest, bridgePath, stagingPath, type BridgeMessage } from '../../shared/bridge-protocol';
import { closeCodes } from '../../shared/ydoc/doc-names';
import { toErrorInfo } from '../../shared/errors';
import { createCore, type Core } from '../core';
import { fileDeviceKey } from '../core/device-key';
import { serveStatic } from './static';
import { receiveStagedFile, sweepStaging } from './staging';
import { answerBlob, blobShaFromPath } from '../core/blob-response';

export interface HostOptions {
  dataDir: string;
  rendererDir: string;
  port?: number;
  defaultServerUrl?: string | null;
  /** Fixed token for tests; random per launch otherwise. */
  token?: string;
  log?: (level: 'info' | 'warn' | 'error', message: string, extra?: unknown) => void;
}

export interface RunningHost {
  /** Open this in a browser: includes the token in the fragment. */
  url: string;
  origin: string;
  port: number;
  core: Core;
  close(): Promise<void>;
}

/** Largest message the renderer may send; calls are small JSON. */
const maxBridgeMessage = 1024 * 1024;

function sameToken(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const log = opts.log ?? ((level, message) => console[level](`[host] ${message}`));
  const launchToken = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const core = await createCore({
    dataDir: opts.dataDir,
    mode: 'browser',
    defaultServerUrl: opts.defaultServerUrl ?? null,
    blobHeaders: { 'x-opencabinet-token': launchToken },
    // No OS keystore here: the key is a file only this user can read (the UI says this mode is less protected).
    deviceKey: fileDeviceKey(opts.dataDir),
    log,
  });

  sweepStaging(opts.dataDir);
  const server = http.createServer((req, res) => {
    if (req.url?.split('?')[0] === stagingPath) {
      // Same trust rule as the bridge: this launch's token, from a page this host served.
      const token = String(req.headers['x-opencabinet-token'] ?? '');
      if (req.method !== 'PUT' || req.headers.origin !== origin || !sameToken(token, launchToken)) {
        res.writeHead(req.method !== 'PUT' ? 405 : 403).end();
        return;
      }
      void receiveStagedFile(opts.dataDir, req, res);
      return;
    }
    const sha = blobShaFromPath(req.url?.split('?')[0] ?? '');
    if (sha) {
      // Documents are confidential: same rule as the bridge, the token comes in a header.
      if (!sameToken(String(req.headers['x-opencabinet-token'] ?? ''), launchToken)) {
        res.writeHead(403).end();
        return;
      }
      const answer = answerBlob(core.blobSource(sha), req.headers.range);
      res.writeHead(answer.status, answer.headers);
      if (answer.body && req.method !== 'HEAD') {
        const stream = answer.body.open();
        stream.on('error', () => res.destroy());
        stream.pipe(res);
      } else res.end();
      return;
    }
    serveStatic(opts.rendererDir, req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxBridgeMessage });
  let origin = '';

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refuse = (status: number, text: string) => {
      log('warn', `bridge connection refused: ${text}`);
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== bridgePath) return refuse(404, 'Not Found');
    if (req.headers.origin !== origin) return refuse(403, 'Forbidden');
    if (!sameToken(url.searchParams.get('token') ?? '', launchToken)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket): void {
    const trackOpen = (channel: string, input: unknown) => {
      const meetingId = (input as { meetingId?: unknown } | null)?.meetingId;
      if (typeof meetingId !== 'string') return;
      if (channel === 'meetings.open') opened.push(meetingId);
      if (channel === 'meetings.close' && opened.includes(meetingId)) opened.splice(opened.indexOf(meetingId), 1);
    };
    const send = (msg: BridgeMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    // This tab was sent each meeting's content once; live changes then come without it.
    const thin = meetingViewThinner();
    const unsubscribe = eventNames.map((event) =>
      core.on(event, (payload) => send({ t: 'event', event, payload: event === 'meeting.changed' ? thin(payload as MeetingView) : payload })),
    );
    // Meetings this tab opened; a tab that goes away (closed, reloaded) must not keep them open.
    const opened: string[] = [];
    ws.on('close', () => {
      unsubscribe.forEach((u) => u());
      for (const meetingId of opened) void core.api.meetings.close({ meetingId }).catch(() => undefined);
    });
    ws.on('message', async (data, isBinary) => {
      let req: BridgeRequest;
      try {
        if (isBinary) throw new Error('binary');
        const parsed = BridgeRequest.safeParse(JSON.parse(data.toString()));
        if (!parsed.success) throw new Error('shape');
        req = parsed.data;
      } catch {
        ws.close(closeCodes.badMessage, 'Malformed bridge message');
        return;
      }
      let result: Result;
      if (!isChannel(req.channel)) {
        result = { ok: false, error: { code: 'not_found', message: `Unknown call "${req.channel}".` } };
      } else {
        const [ns, m] = req.channel.split('.') as [string, string];
        try {
          const fn = (core.api as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>)[ns]![m]!;
          result = { ok: true, value: (await fn(req.input)) ?? null };
          trackOpen(req.channel, req.input);
        } catch (err) {
          const info = toErrorInfo(err);
          if (info.code === 'server_error') log('error', `call ${req.channel} failed`, err);
          result = { ok: false, error: info };
        }
      }
      send({ t: 'result', id: req.id, result });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  origin = `http://127.0.0.1:${port}`;
  log('info', `browser mode ready with ${channels.length} calls`);

  return {
    url: `${origin}/#token=${launchToken}`,
    origin,
    port,
    core,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.close();
    },
  };
}
