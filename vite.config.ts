import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';

/**
 * The dev server injects an inline module script (React Fast Refresh preamble) that the
 * production CSP rightly refuses. Relax `script-src` for `vite serve` only; the build keeps
 * the strict policy written in renderer/index.html.
 */
function devCsp(): Plugin {
  return {
    name: 'opencabinet-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
  };
}

/**
 * pdf.js fetches character maps (CJK, some Vietnamese fonts), the 14 standard fonts, ICC
 * profiles and its image-decoder wasm at run time. They must come from the app itself so
 * documents render offline and under the CSP, so they are copied to `pdfjs/` in the build
 * and served from node_modules by the dev server.
 */
function pdfjsAssets(): Plugin {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const folders = ['cmaps', 'standard_fonts', 'iccs', 'wasm'];
  return {
    name: 'opencabinet-pdfjs-assets',
    configureServer(server) {
      server.middlewares.use('/pdfjs/', (req, res, next) => {
        const rel = normalize(decodeURIComponent((req.url ?? '').split('?')[0] ?? '')).replace(/^[/\\]+/, '');
        if (!folders.includes(rel.split(/[/\\]/)[0] ?? '')) return next();
        const file = join(root, rel);
        if (!file.startsWith(root) || !statSync(file, { throwIfNoEntry: false })?.isFile()) return next();
        createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      for (const folder of folders) {
        for (const name of readdirSync(join(root, folder))) {
          // quickjs is pdf.js's scripting engine: documents never run code here, so it is not shipped.
          // The *_nowasm_fallback.js decoders are kept: the CSP has no 'wasm-unsafe-eval'.
          if (name.startsWith('LICENSE') || name.includes('quickjs')) continue;
          this.emitFile({ type: 'asset', fileName: `pdfjs/${folder}/${name}`, source: readFileSync(join(root, folder, name)) });
        }
      }
    },
  };
}

/**
 * The renderer is served from `app://` in Electron and from `http://127.0.0.1:PORT/` in
 * browser mode, so every asset path is relative (`base: './'`).
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), devCsp(), pdfjsAssets()],
  // Each feature's styles are a CSS Module beside its components (issue 16): class names are
  // local, so two features can both say .search-results. `styles.searchResults` in code;
  // the dashed name stays available for names built at run time (styles[`chip-${status}`]).
  css: { modules: { localsConvention: 'camelCase' } },
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    // Electron 45 ships a current Chromium; no legacy transforms needed.
    target: 'chrome130',
    // Keep assets as files rather than data: URLs, so the CSP stays simple to reason about.
    assetsInlineLimit: 0,
    // The polyfill is for browsers without <link rel="modulepreload">; Chromium has it.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
