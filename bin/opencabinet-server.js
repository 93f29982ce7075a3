#!/usr/bin/env node
// Built by `npm run build` (esbuild bundles server/cli.ts to out/server/cli.js).
import '../out/server/cli.js';
