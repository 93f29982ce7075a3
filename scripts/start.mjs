// `npm start`: the sync server with a demo meeting on an embedded SQLite file, then the
// app — in Electron where its binary exists, otherwise in browser mode.
import { spawn } from 'node:child_process';
import path from 'node:path';
import os from 'node:os';
import { findElectron } from './electron-binary.mjs';

const root = path.resolve(import.meta.dirname, '..');
const port = process.env.OPENCABINET_PORT ?? '8080';
const serverData = process.env.OPENCABINET_SERVER_DATA ?? path.join(root, '.data', 'server');
const children = [];

function run(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], ...opts });
  children.push(child);
  child.stdout.on('data', (d) => process.stdout.write(d));
  return child;
}

function waitFor(child, pattern, what) {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d) => {
      buf += d.toString();
      const m = buf.match(pattern);
      if (m) {
        child.stdout.off('data', onData);
        resolve(m);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${what} exited with code ${code} before it was ready`)));
  });
}

function stopAll() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}
process.on('SIGINT', () => { stopAll(); process.exit(0); });
process.on('SIGTERM', () => { stopAll(); process.exit(0); });

const server = run(process.execPath, ['out/server/cli.js', '--data', serverData, '--port', port, '--demo']);
const [, serverUrl] = await waitFor(server, /(http:\/\/[\d.:a-z]+)/i, 'The server');

const electron = process.env.OPENCABINET_BROWSER_MODE ? { reason: 'OPENCABINET_BROWSER_MODE is set' } : findElectron();
if (electron.path) {
  console.log(`Starting the desktop app (Electron) against ${serverUrl}`);
  const app = run(electron.path, ['out/electron/main.js'], { env: { ...process.env, OPENCABINET_SERVER_URL: serverUrl } });
  app.on('exit', () => { stopAll(); process.exit(0); });
} else {
  console.log(`Electron is not available here: ${electron.reason}.`);
  console.log('Starting in browser mode instead: the same app and desktop core, in your browser.');
  const deviceData = process.env.OPENCABINET_DATA_DIR ?? path.join(os.homedir(), '.local', 'share', 'OpenCabinet', 'browser-device');
  const host = run(process.execPath, ['out/host/cli.js', '--data', deviceData, '--server', serverUrl, '--open', '--port', process.env.OPENCABINET_HOST_PORT ?? '0']);
  const [, url] = await waitFor(host, /Open: (\S+)/, 'The browser-mode host');
  console.log(`\n  ➜  Open the app: ${url}\n     Sign in as "secretary" (or "chair", "delegate01") with the password "demo".\n`);
}
