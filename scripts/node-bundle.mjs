// How the scripts bundle TypeScript for Node with esbuild: ESM for Node 20, dependencies
// left external so native modules (better-sqlite3) load from node_modules. The build, the
// benchmarks and the local cluster all start from these options. (node/worker-pool.ts
// bundles a worker from sources the same way; node/ cannot import scripts/.)
export const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
};
