/**
 * `node out/host/cli.js --data DIR [--port N] [--server URL[,URL...]] [--open]`
 * Runs one device in browser mode and prints the address to open. `--server` may list the
 * nodes of a cluster, comma-separated (http://10.0.0.11:8080,http://10.0.0.12:8080): the
 * device uses one and moves to the next when it fails.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startHost } from './host';
import { openInBrowser } from './open-browser';
import { parseServerAddresses } from '../../shared/server-addresses';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    port: { type: 'string', default: '0' },
    server: { type: 'string' },
    open: { type: 'boolean', default: false },
    token: { type: 'string' },
  },
});

if (values.server !== undefined) {
  const parsed = parseServerAddresses(values.server);
  if ('error' in parsed) {
    console.error(`--server: ${parsed.error}`);
    process.exit(2);
  }
  values.server = parsed.addresses.join(',');
}

if (!values.data) {
  console.error('Usage: opencabinet-host --data DIR [--port N] [--server URL[,URL...]] [--open]');
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
