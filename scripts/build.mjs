// Builds everything `npm start`, the tests and packaging run: Node bundles with esbuild
// (dependencies stay external so native modules load from node_modules) and the renderer
// with Vite. `--only server|host|electron|renderer` builds one part.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { nodeBundle } from './node-bundle.mjs';
import { coreWorkers, serverWorkers } from './workers.mjs';

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const want = (part) => !values.only || values.only === part;

const node = { ...nodeBundle, sourcemap: true };


const jobs = [];
if (want('server') && existsSync('server/cli.ts')) {
  jobs.push(build({ ...node, entryPoints: [{ in: 'server/cli.ts', out: 'cli' }, ...serverWorkers], outdir: 'out/server' }));
}
if (want('host')) {
  jobs.push(build({ ...node, entryPoints: [{ in: 'main/host/cli.ts', out: 'cli' }, ...coreWorkers], outdir: 'out/host' }));
}
if (want('electron') && existsSync('main/electron/main.ts')) {
  jobs.push(build({ ...node, entryPoints: [{ in: 'main/electron/main.ts', out: 'main' }, ...coreWorkers], outdir: 'out/electron', external: ['electron'] }));
  // A sandboxed preload can only require('electron'): everything else is bundled in, as CJS.
  jobs.push(
    build({
      ...node,
      packages: undefined,
      format: 'cjs',
      platform: 'node',
      entryPoints: ['preload/index.ts'],
      outfile: 'out/preload/index.cjs',
      external: ['electron'],
    }),
  );
}
await Promise.all(jobs);
if (want('renderer') && existsSync('renderer/index.html')) {
  await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
console.log(`build: done${values.only ? ` (${values.only})` : ''}`);
