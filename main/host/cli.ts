/**
 * `node out/host/cli.js --data DIR [--port N] [--server URL] [--open]`
 * Runs one device in browser mode and prints the address to open.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startHost } from './host';
import { openInBrowser } from './open-browser';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    port: { type: 'string', default: '0' },
    server: { type: 'string' },
    open: { type: 'boolean', default: false },
    token: { type: 'string' },
  },
});

if (!values.data) {
  console.error('Usage: opencabinet-host --data DIR [--port N] [--server URL] [--open]');
  process.exit(2);
}

// A stray promise somewhere in the core must not take the person's app down with it:
// log it (the file tells us where) and keep serving.
process.on('unhandledRejection', (err) => console.error('[host] unhandled rejection', err));

const here = path.dirname(fileURLToPath(import.meta.url));
const host = await startHost({
  dataDir: path.resolve(values.data),
  rendererDir: path.resolve(here, '../renderer'),
  port: Number(values.port),
  defaultServerUrl: values.server ?? null,
  token: values.token,
});
console.log(`OpenCabinet (browser mode) is running. Open: ${host.url}`);
if (values.open) openInBrowser(host.url);

const stop = async () => {
  await host.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
