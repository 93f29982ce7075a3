// Where the Electron binary is, or why there is none. The npm package only holds a
// downloader; the binary comes from GitHub at install time, which some machines cannot
// reach. `require('electron')` would start that download, so read its path file instead.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

export function findElectron() {
  let pkgDir;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!fs.existsSync(pathFile)) {
    return { reason: 'the Electron binary was not downloaded at install (ELECTRON_SKIP_BINARY_DOWNLOAD, or no access to its download site)' };
  }
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkgDir, 'dist');
  const binary = path.join(distDir, fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? { path: binary } : { reason: `the Electron binary is missing at ${binary}` };
}
