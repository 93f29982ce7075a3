/**
 * The stock y-websocket server (@y/websocket-server), the baseline our sync server is
 * measured against in the same run. It is seeded with the same meeting document and, like
 * ours, serves documents at /sync/<name>. It has no authentication, so it does less work
 * per connection than ours: the comparison is conservative.
 */
import http from 'node:http';
import fs from 'node:fs';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { setupWSConnection, getYDoc } from '@y/websocket-server/utils';

const [seedFile, docName] = process.argv.slice(2);
if (!seedFile || !docName) throw new Error('usage: reference-server <seed-state-file> <docName>');
Y.applyUpdate(getYDoc(docName), new Uint8Array(fs.readFileSync(seedFile)));

const server = http.createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  const name = (req.url ?? '').split('?')[0]!.replace(/^\/sync\//, '');
  wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName: name }));
});
server.listen(0, '127.0.0.1', () => {
  console.log(`reference y-websocket server on http://127.0.0.1:${(server.address() as { port: number }).port}`);
});
