/**
 * The layer rules of DESIGN.md ("Rules that keep it easy to change"), enforced on every
 * import by oxlint's no-restricted-imports with the zones in .oxlintrc.json (a layer may only
 * depend on the layers and runtimes it is allowed to run with; a renderer feature imports
 * another only through its index.ts). Test files beside the code are held to the cross-layer
 * rules but not to the runtime ones: they run under Node in vitest whatever layer they test.
 *
 * Here: the repository passes, and the configuration itself catches each kind of violation
 * (a copy of it run over a folder of bad files laid out like the repository).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const oxlint = join(repoRoot, 'node_modules/.bin/oxlint');
const layers = ['shared', 'node', 'main', 'renderer', 'server', 'preload'];

/** oxlint over `dir`: the problems as `file:line imports spec (why)`, and how many files it read. */
function lint(dir: string): { problems: string[]; files: number } {
  const args = ['-c', '.oxlintrc.json', '--format', 'json', ...layers.filter((l) => existsSync(join(dir, l)))];
  let out: string;
  try {
    out = execFileSync(oxlint, args, { cwd: dir, encoding: 'utf8' });
  } catch (err) {
    // Exit status 1 means problems were found; the report is still on stdout.
    out = (err as { stdout?: string }).stdout ?? '';
    if (!out.trim().startsWith('{')) throw err;
  }
  const report = JSON.parse(out) as { diagnostics: { message: string; help?: string; filename: string; labels: { span: { line: number } }[] }[]; number_of_files: number };
  const problems = report.diagnostics.map((d) => `${d.filename}:${d.labels[0]?.span.line} imports ${/'([^']+)'/.exec(d.message)?.[1]} (${d.help})`);
  return { problems: [...new Set(problems)].sort(), files: report.number_of_files };
}

describe('layer rules (DESIGN.md "Rules that keep it easy to change")', () => {
  it('hold for every source file in the repository', () => {
    const { problems, files } = lint(repoRoot);
    // Guards against a vacuous pass (wrong folder, renamed layers, a config that matches nothing).
    expect(files).toBeGreaterThan(400);
    expect(problems, `Bad layering:\n${problems.join('\n')}`).toEqual([]);
  });
});

describe('the layer configuration itself', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oc-layers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (path: string, lines: string[]) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), lines.join('\n') + '\n');
  };

  it('reports each kind of violation, with its line, and accepts what each layer may use', () => {
    copyFileSync(join(repoRoot, '.oxlintrc.json'), join(dir, '.oxlintrc.json'));
    file('shared/domain/bad.ts', [
      "import { readFileSync } from 'node:fs';",
      "import path from 'path';",
      "export * from '../../main/core/index';",
      "const r = await import('react-dom');",
      "import { x } from 'fs/promises';",
      "import { ok } from './ok';",
      "import { z } from 'zod';",
      "import { User } from '../api/session';",
    ]);
    file('shared/domain/tally.test.ts', ["import { readFileSync } from 'node:fs';", "import { x } from '../../server/app';"]);
    file('main/core/bad.ts', ["import { app } from 'electron';", "import { App } from '../../renderer/app/App';", "import Database from 'better-sqlite3';", "import { w } from '../../node/worker-pool';"]);
    file('main/host/bad.ts', ["import { BrowserWindow } from 'electron';", "import { x } from '../electron/ipc';", "import type { Core } from '../core';"]);
    file('main/electron/ok.ts', ["import { ipcMain } from 'electron';", "import type { Core } from '../core';"]);
    file('renderer/features/agenda/bad.tsx', [
      "import { join } from 'node:path';",
      "import { ipcRenderer } from 'electron/renderer';",
      "import type { Core } from '../../../main/core/types';",
      "import { PollCard } from '../voting/PollCard';",
      "import { PollsTab } from '../voting';",
      "import { Other } from '../voting/index';",
      "import { Row } from './Row';",
      "import { t } from '../../i18n';",
      "export const A = () => <div />;",
    ]);
    file('renderer/bridge/index.ts', ["import { bridge } from './electron';"]);
    file('node/bad.ts', ["import { x } from '../server/app';", "import { Worker } from 'node:worker_threads';"]);
    file('server/http/bad.ts', ["import '../../preload/index';", "import { z } from '../../shared/api/common';"]);
    file('preload/bad.ts', ["import { z } from 'zod';", "import { isChannel } from '../shared/contract';", "import { contextBridge } from 'electron';", "import { readFileSync } from 'fs';"]);
    expect(lint(dir).problems).toEqual(
      [
        'main/core/bad.ts:1 imports electron (main/core/ never imports electron)',
        'main/core/bad.ts:2 imports ../../renderer/app/App (main/core/ depends only on shared/, node/ and Node)',
        'main/host/bad.ts:1 imports electron (browser mode runs without Electron)',
        'main/host/bad.ts:2 imports ../electron/ipc (browser mode runs without Electron)',
        'node/bad.ts:1 imports ../server/app (node/ (Node-only blocks the server and the desktop core share) imports only shared/ and Node)',
        'preload/bad.ts:1 imports zod (the sandboxed preload may import only electron and shared/)',
        'preload/bad.ts:4 imports fs (the sandboxed preload may import only electron and shared/)',
        'renderer/features/agenda/bad.tsx:1 imports node:path (renderer/ never imports Node)',
        'renderer/features/agenda/bad.tsx:2 imports electron/renderer (renderer/ reaches the core only through the bridge)',
        'renderer/features/agenda/bad.tsx:3 imports ../../../main/core/types (renderer/ reaches the core only through the bridge)',
        'renderer/features/agenda/bad.tsx:4 imports ../voting/PollCard (a feature imports another feature only through its index.ts)',
        'server/http/bad.ts:1 imports ../../preload/index (server/ shares only shared/ and node/ with the desktop)',
        'shared/domain/bad.ts:1 imports node:fs (shared/ uses no Node API)',
        'shared/domain/bad.ts:2 imports path (shared/ uses no Node API)',
        'shared/domain/bad.ts:3 imports ../../main/core/index (shared/ imports no other layer)',
        'shared/domain/bad.ts:4 imports react-dom (shared/ uses no DOM-only package)',
        'shared/domain/bad.ts:5 imports fs/promises (shared/ uses no Node API)',
        'shared/domain/tally.test.ts:2 imports ../../server/app (shared/ imports no other layer)',
      ].sort(),
    );
  });
});
