/**
 * The layer rules of DESIGN.md, enforced on every import (VS Code's "code-layering" idea):
 * a layer may only depend on the layers and runtimes it is allowed to run with.
 * Test files beside the code are held to the cross-layer rules but not to the runtime ones
 * (they run under Node in vitest whatever layer they test).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');

// ---------------------------------------------------------------------------------------
// Finding imports

export interface ImportRef {
  spec: string;
  line: number;
}

/**
 * Blanks comments (keeping line breaks, so line numbers stay right) and leaves code and
 * strings as they are: a commented-out import is not an import.
 */
function stripComments(source: string): string {
  let out = '';
  let i = 0;
  let quote: string | null = null;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (quote) {
      out += c;
      if (c === '\\') {
        out += next ?? '';
        i += 2;
        continue;
      }
      if (c === quote) quote = null;
      i++;
    } else if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      if (c === '"' || c === "'" || c === '`') quote = c;
      out += c;
      i++;
    }
  }
  return out;
}

const importPatterns = [
  // import x from 'a'; import { x } from 'a'; import type { X } from 'a'; import * as x from 'a'
  /\bimport\s+(?!\()[^'"`;()]*?\bfrom\s*(['"])([^'"\n]+)\1/g,
  // import 'a' (side effects only)
  /\bimport\s*(['"])([^'"\n]+)\1/g,
  // export * from 'a'; export { x } from 'a'; export type { X } from 'a'
  /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*(['"])([^'"\n]+)\1/g,
  // import('a')
  /\bimport\s*\(\s*(['"`])([^'"`\n]+)\1\s*[,)]/g,
  // require('a'), including `import x = require('a')`
  /(?<![\w$.])require\s*\(\s*(['"`])([^'"`\n]+)\1\s*\)/g,
];

export function findImports(source: string): ImportRef[] {
  const code = stripComments(source);
  const found: ImportRef[] = [];
  for (const pattern of importPatterns) {
    for (const m of code.matchAll(pattern)) {
      const specAt = m.index + m[0].lastIndexOf(m[2]!);
      found.push({ spec: m[2]!, line: code.slice(0, specAt).split('\n').length });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

// ---------------------------------------------------------------------------------------
// What an import points at

type Layer = 'shared' | 'node' | 'main/core' | 'main/electron' | 'main/host' | 'main' | 'renderer' | 'server' | 'preload';

type Target =
  | { kind: 'layer'; layer: Layer }
  | { kind: 'builtin' }
  | { kind: 'electron' }
  | { kind: 'package'; name: string }
  | { kind: 'other' };

const layerFolders: Layer[] = ['main/core', 'main/electron', 'main/host', 'main', 'shared', 'node', 'renderer', 'server', 'preload'];

function layerOf(repoPath: string): Layer | null {
  return layerFolders.find((l) => repoPath === l || repoPath.startsWith(l + '/')) ?? null;
}

const builtins = new Set(builtinModules.filter((m) => !m.startsWith('_')));

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function classify(fromFile: string, spec: string): Target {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const target = posix.normalize(posix.join(posix.dirname(fromFile), spec));
    const layer = layerOf(target);
    return layer ? { kind: 'layer', layer } : { kind: 'other' };
  }
  if (spec.startsWith('node:') || builtins.has(spec) || builtins.has(packageName(spec))) return { kind: 'builtin' };
  const name = packageName(spec);
  if (name === 'electron') return { kind: 'electron' };
  return { kind: 'package', name };
}

// ---------------------------------------------------------------------------------------
// The rules

/** Packages that need a DOM; shared/ code must run in Node and in the browser alike. */
const domPackages = new Set(['react', 'react-dom', 'react-i18next', 'pdfjs-dist']);
/** Packages that need Node (native code or sockets/files); never in shared/ or the renderer. */
const nodePackages = new Set(['better-sqlite3', 'ws', '@y/websocket-server', 'playwright', 'playwright-core', '@playwright/test']);

interface Rule {
  layer: Layer;
  why: string;
  /** Runtime rules do not apply to test files, which always run under Node. */
  runtime?: boolean;
  forbids: (t: Target) => boolean;
}

const isLayer = (t: Target, ...layers: Layer[]) => t.kind === 'layer' && layers.includes(t.layer);
const anyMain: Layer[] = ['main', 'main/core', 'main/electron', 'main/host'];

const rules: Rule[] = [
  { layer: 'shared', why: 'shared/ imports no other layer', forbids: (t) => t.kind === 'layer' && t.layer !== 'shared' },
  { layer: 'shared', why: 'shared/ uses no Node API', runtime: true, forbids: (t) => t.kind === 'builtin' || (t.kind === 'package' && nodePackages.has(t.name)) },
  { layer: 'shared', why: 'shared/ uses no DOM-only package', runtime: true, forbids: (t) => t.kind === 'package' && domPackages.has(t.name) },
  { layer: 'shared', why: 'shared/ never imports electron', forbids: (t) => t.kind === 'electron' },

  { layer: 'main/core', why: 'main/core/ never imports electron', forbids: (t) => t.kind === 'electron' },
  {
    layer: 'main/core',
    why: 'main/core/ depends only on shared/, node/ and Node',
    forbids: (t) => isLayer(t, 'renderer', 'preload', 'server', 'main/electron', 'main/host'),
  },

  { layer: 'main/electron', why: 'the Electron shell reaches the renderer only through IPC', forbids: (t) => isLayer(t, 'renderer', 'preload', 'server') },
  { layer: 'main/host', why: 'browser mode runs without Electron', forbids: (t) => t.kind === 'electron' || isLayer(t, 'renderer', 'preload', 'main/electron') },

  { layer: 'renderer', why: 'renderer/ never imports Node', runtime: true, forbids: (t) => t.kind === 'builtin' || (t.kind === 'package' && nodePackages.has(t.name)) },
  { layer: 'renderer', why: 'renderer/ reaches the core only through the bridge', forbids: (t) => t.kind === 'electron' || isLayer(t, ...anyMain, 'server', 'preload') },

  { layer: 'node', why: 'node/ (Node-only blocks the server and the desktop core share) imports only shared/ and Node', forbids: (t) => t.kind === 'electron' || (t.kind === 'layer' && !isLayer(t, 'shared', 'node')) },
  { layer: 'server', why: 'server/ shares only shared/ and node/ with the desktop', forbids: (t) => t.kind === 'electron' || isLayer(t, ...anyMain, 'renderer', 'preload') },

  {
    layer: 'preload',
    why: 'the sandboxed preload may import only electron and shared/',
    forbids: (t) => !(t.kind === 'electron' || isLayer(t, 'shared', 'preload')),
  },
];

const isTestFile = (file: string) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(file);

/**
 * A feature imports another feature only through its public entry
 * (renderer/features/<name>/index.ts): what a feature keeps to itself can change freely.
 */
function featureEntryViolation(file: string, spec: string): string | null {
  const from = /^renderer\/features\/([^/]+)\//.exec(file);
  if (!from || isTestFile(file) || !spec.startsWith('.')) return null;
  const target = posix.normalize(posix.join(posix.dirname(file), spec));
  const to = /^renderer\/features\/([^/]+)(\/.*)?$/.exec(target);
  if (!to || to[1] === from[1] || to[2] === undefined || to[2] === '/index' || to[2] === '/index.ts') return null;
  return `${file} imports ${spec} (a feature imports another feature only through its index.ts)`;
}

/** Violations in one file's source, as `file:line imports X (rule)`. */
export function checkSource(file: string, source: string): string[] {
  const layer = layerOf(file);
  if (!layer) return [];
  const applicable = rules.filter((r) => r.layer === layer && !(r.runtime && isTestFile(file)));
  const violations: string[] = [];
  for (const { spec, line } of findImports(source)) {
    const entry = featureEntryViolation(file, spec);
    if (entry) violations.push(entry.replace(' imports ', `:${line} imports `));
    const target = classify(file, spec);
    for (const rule of applicable) {
      if (rule.forbids(target)) violations.push(`${file}:${line} imports ${spec} (${rule.why})`);
    }
  }
  return violations;
}

const sourceFile = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const skipDirs = new Set(['node_modules', 'out', 'dist', 'coverage']);

function listSources(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || skipDirs.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listSources(full));
    else if (entry.isFile() && sourceFile.test(entry.name)) files.push(full);
  }
  return files;
}

function layerSources(): string[] {
  const roots = ['shared', 'node', 'main', 'renderer', 'server', 'preload'];
  return roots.flatMap((r) => {
    try {
      return listSources(join(repoRoot, r));
    } catch {
      return [];
    }
  });
}

// ---------------------------------------------------------------------------------------

describe('layer rules (DESIGN.md "Rules that keep it easy to change")', () => {
  it('hold for every source file in the repository', () => {
    const files = layerSources();
    const scanned = files.map((f) => relative(repoRoot, f).split(sep).join('/'));
    // Guards against a vacuous pass (wrong root, renamed folders).
    expect(scanned).toContain('shared/contract.ts');
    const violations = files.flatMap((f, i) => checkSource(scanned[i]!, readFileSync(f, 'utf8')));
    expect(violations, `Bad layering:\n${violations.join('\n')}`).toEqual([]);
  });
});

describe('the layer checker itself', () => {
  it('finds every import form, with line numbers, and ignores comments', () => {
    const source = [
      "import a from 'pkg-a';",
      "import {",
      "  b,",
      "} from 'pkg-b';",
      "import type { C } from './c';",
      "import 'side-effect';",
      "export * from './d';",
      "export { e } from './e';",
      "const f = await import('./f');",
      "const g = require('g');",
      "import h = require('h');",
      "// import nope from 'commented';",
      "/* require('also-commented') */",
      "const meta = import.meta.url;",
    ].join('\n');
    expect(findImports(source)).toEqual([
      { spec: 'pkg-a', line: 1 },
      { spec: 'pkg-b', line: 4 },
      { spec: './c', line: 5 },
      { spec: 'side-effect', line: 6 },
      { spec: './d', line: 7 },
      { spec: './e', line: 8 },
      { spec: './f', line: 9 },
      { spec: 'g', line: 10 },
      { spec: 'h', line: 11 },
    ]);
  });

  it('reports violations of each layer', () => {
    const cases: [file: string, source: string, expected: string[]][] = [
      [
        'shared/domain/bad.ts',
        "import { readFileSync } from 'node:fs';\nimport path from 'path';\nexport * from '../../main/core/index';\nconst r = await import('react-dom');\nconst x = require('fs/promises');",
        [
          'shared/domain/bad.ts:1 imports node:fs (shared/ uses no Node API)',
          'shared/domain/bad.ts:2 imports path (shared/ uses no Node API)',
          'shared/domain/bad.ts:3 imports ../../main/core/index (shared/ imports no other layer)',
          'shared/domain/bad.ts:4 imports react-dom (shared/ uses no DOM-only package)',
          'shared/domain/bad.ts:5 imports fs/promises (shared/ uses no Node API)',
        ],
      ],
      ['main/core/bad.ts', "import { app } from 'electron';", ['main/core/bad.ts:1 imports electron (main/core/ never imports electron)']],
      [
        'main/core/bad2.ts',
        "import { App } from '../../renderer/app/App';",
        ['main/core/bad2.ts:1 imports ../../renderer/app/App (main/core/ depends only on shared/, node/ and Node)'],
      ],
      [
        'renderer/features/agenda/bad.tsx',
        "import { join } from 'node:path';\nimport { ipcRenderer } from 'electron/renderer';\nimport type { Core } from '../../../main/core/types';",
        [
          'renderer/features/agenda/bad.tsx:1 imports node:path (renderer/ never imports Node)',
          'renderer/features/agenda/bad.tsx:2 imports electron/renderer (renderer/ reaches the core only through the bridge)',
          'renderer/features/agenda/bad.tsx:3 imports ../../../main/core/types (renderer/ reaches the core only through the bridge)',
        ],
      ],
      [
        'renderer/features/agenda/Deep.tsx',
        "import { PollCard } from '../voting/PollCard';\nimport { PollsTab } from '../voting';\nimport { Row } from './Row';",
        ['renderer/features/agenda/Deep.tsx:1 imports ../voting/PollCard (a feature imports another feature only through its index.ts)'],
      ],
      ['node/bad.ts', "import { x } from '../server/app';", ['node/bad.ts:1 imports ../server/app (node/ (Node-only blocks the server and the desktop core share) imports only shared/ and Node)']],
      ['server/http/bad.ts', "import '../../preload/index';", ['server/http/bad.ts:1 imports ../../preload/index (server/ shares only shared/ and node/ with the desktop)']],
      [
        'preload/bad.ts',
        "import { z } from 'zod';\nimport { isChannel } from '../shared/contract';\nimport { contextBridge } from 'electron';\nimport { readFileSync } from 'fs';",
        [
          'preload/bad.ts:1 imports zod (the sandboxed preload may import only electron and shared/)',
          'preload/bad.ts:4 imports fs (the sandboxed preload may import only electron and shared/)',
        ],
      ],
    ];
    for (const [file, source, expected] of cases) expect(checkSource(file, source)).toEqual(expected);
  });

  it('accepts what each layer is allowed, and lets tests beside shared code use Node', () => {
    expect(checkSource('shared/contract.ts', "import { z } from 'zod';\nimport * as Y from 'yjs';\nimport { User } from './api/session';")).toEqual([]);
    expect(checkSource('main/core/db.ts', "import Database from 'better-sqlite3';\nimport { join } from 'node:path';\nimport { ApiError } from '../../shared/errors';")).toEqual([]);
    expect(checkSource('main/electron/ipc.ts', "import { ipcMain } from 'electron';\nimport type { Core } from '../core';")).toEqual([]);
    expect(checkSource('shared/domain/tally.test.ts', "import { readFileSync } from 'node:fs';")).toEqual([]);
    expect(checkSource('shared/domain/tally.test.ts', "import { x } from '../../server/app';")).toHaveLength(1);
  });
});
