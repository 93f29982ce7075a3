/**
 * Our server in its own process for the cold-start benchmark, with the kept whole-document
 * reply on or off (the baseline): `coldstart-server <dataDir> <demoSize> <cache|nocache>`.
 */
import { startServer } from '../../server/app';

const [dataDir, size, mode] = process.argv.slice(2);
if (!dataDir || !size || (mode !== 'cache' && mode !== 'nocache')) throw new Error('usage: coldstart-server <dataDir> <demoSize> <cache|nocache>');
const server = await startServer({
  dataDir,
  port: 0,
  demo: true,
  demoSize: Number(size),
  docs: { cacheFullState: mode === 'cache' },
  log: (level, msg, fields) => {
    if (level === 'error') console.error(msg, fields ?? '');
  },
});
console.log(`cold-start server (${mode}) on ${server.url}`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
