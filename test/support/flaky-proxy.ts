/**
 * A loopback HTTP proxy in front of the real server that misbehaves on purpose for
 * document downloads: cuts a response mid-file, or flips a byte in it. Everything else
 * passes through untouched. It stands in for a flaky hall Wi-Fi, which cannot run here.
 */
import http from 'node:http';
import net from 'node:net';

export interface FlakyProxy {
  url: string;
  /** Range headers of every blob request, in order (to see that downloads resume). */
  blobRequests: { sha: string; range: string | undefined }[];
  cutAfterBytes: number | null;
  /** How many blob responses to cut before behaving. */
  cutTimes: number;
  corruptTimes: number;
  /**
   * Holds back the answers to requests whose "METHOD /path" matches until `until` settles: the server
   * has already answered, the answer is just late, as on a congested link.
   */
  hold: { request: RegExp; until: Promise<unknown> } | null;
  /**
   * Rewrites JSON answers to matching requests, standing in for something between the
   * device and the server that forges or replays answers.
   */
  rewrite: { request: RegExp; json: (body: unknown) => unknown } | null;
  /** How many answers have been held back so far. */
  heldCount: number;
  close(): Promise<void>;
}

export async function startFlakyProxy(target: string, port = 0): Promise<FlakyProxy> {
  const upstream = new URL(target);
  const state: FlakyProxy = {
    url: '',
    blobRequests: [],
    cutAfterBytes: null,
    cutTimes: 0,
    corruptTimes: 0,
    hold: null,
    rewrite: null,
    heldCount: 0,
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    const blob = /^\/api\/blobs\/([0-9a-f]{64})/.exec(req.url ?? '');
    if (blob) state.blobRequests.push({ sha: blob[1]!, range: req.headers.range });
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      async (up) => {
        const hold = state.hold;
        if (hold && hold.request.test(`${req.method} ${req.url}`)) {
          up.pause();
          state.heldCount++;
          await hold.until.catch(() => undefined);
          up.resume();
        }
        const rewrite = state.rewrite;
        if (rewrite && rewrite.request.test(`${req.method} ${req.url}`)) {
          const chunks: Buffer[] = [];
          for await (const c of up) chunks.push(c as Buffer);
          const body = Buffer.from(JSON.stringify(rewrite.json(JSON.parse(Buffer.concat(chunks).toString('utf8')))));
          const { 'content-length': _, ...headers } = up.headers;
          res.writeHead(up.statusCode ?? 502, { ...headers, 'content-length': body.length });
          res.end(body);
          return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        if (!blob || (up.statusCode ?? 0) >= 300) {
          up.pipe(res);
          return;
        }
        const cut = state.cutTimes > 0 && state.cutAfterBytes !== null;
        const corrupt = !cut && state.corruptTimes > 0;
        if (cut) state.cutTimes--;
        if (corrupt) state.corruptTimes--;
        let sent = 0;
        let flipped = false;
        up.on('data', (chunk: Buffer) => {
          if (sent === Number.POSITIVE_INFINITY) return;
          if (cut && sent + chunk.length > state.cutAfterBytes!) {
            up.destroy();
            // Deliver the bytes up to the cut, then drop the connection without an end.
            res.write(chunk.subarray(0, state.cutAfterBytes! - sent), () => res.socket?.destroy());
            sent = Number.POSITIVE_INFINITY;
            return;
          }
          if (corrupt && !flipped) {
            chunk = Buffer.from(chunk);
            chunk[Math.floor(chunk.length / 2)]! ^= 0xff;
            flipped = true;
          }
          sent += chunk.length;
          res.write(chunk);
        });
        up.on('end', () => res.end());
      },
    );
    out.on('error', () => res.socket?.destroy());
    req.pipe(out);
  });
  // Sync sockets pass through as raw bytes; kept to cut them when the "network" drops.
  const tunnels = new Set<net.Socket>();
  server.on('upgrade', (req, socket, head) => {
    tunnels.add(socket as net.Socket);
    socket.on('close', () => tunnels.delete(socket as net.Socket));
    const up = net.connect(Number(upstream.port), upstream.hostname, () => {
      const headers = Object.entries(req.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`);
      up.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      if (head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  state.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  state.close = () =>
    new Promise<void>((r) => {
      for (const t of tunnels) t.destroy();
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}
