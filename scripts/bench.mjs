// `npm run bench [name]`: builds each benchmark in test/bench/, runs it, and writes every
// figure to BENCHMARKS.md with the machine and the date. Each benchmark writes
// out/bench/<name>.json with a ready `section` of Markdown; this script only collects.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeBundle } from './node-bundle.mjs';
import { coreWorkers, serverWorkers } from './workers.mjs';

const root = path.resolve(import.meta.dirname, '..');
const benches = [
  { name: 'fanout', extra: ['reference-server'] },
  { name: 'agenda', extra: [] },
  { name: 'agenda-ui', extra: [] },
  { name: 'open', extra: [] },
  { name: 'search', extra: [] },
  { name: 'pack', extra: [] },
  { name: 'checkin', extra: [] },
  { name: 'ballots', extra: [] },
  { name: 'killstorm', extra: [] },
  { name: 'seatmap', extra: [] },
  { name: 'reader', extra: [] },
  { name: 'followup', extra: [] },
  { name: 'pdf-limits', extra: [] },
  { name: 'live', extra: [] },
  { name: 'comments', extra: [] },
  { name: 'coldstart', extra: ['coldstart-server'] },
  { name: 'cluster', extra: [] },
];
// A bench bundle that indexes, inspects or checks ballots starts the same workers as the app.
const workers = [...coreWorkers, ...serverWorkers];
const only = process.argv[2];

for (const b of benches) {
  if (only && b.name !== only) continue;
  if (!fs.existsSync(path.join(root, 'test/bench', `${b.name}.ts`))) continue;
  await build({
    entryPoints: [...[b.name, ...b.extra].map((f) => ({ in: `test/bench/${f}.ts`, out: f })), ...workers],
    outdir: 'out/bench',
    ...nodeBundle,
  });
  console.log(`\n== ${b.name} ==`);
  const run = spawnSync(process.execPath, ['--max-old-space-size=8192', `out/bench/${b.name}.js`], { cwd: root, stdio: 'inherit', env: process.env });
  if (run.status !== 0) {
    console.error(`bench ${b.name} failed with ${run.status}`);
    process.exitCode = 1;
  }
}

// A benchmark not run this time keeps the section it last wrote (each is marked with its
// name), so running one benchmark does not erase the others' figures.
const previous = new Map();
try {
  const text = fs.readFileSync(path.join(root, 'BENCHMARKS.md'), 'utf8');
  for (const part of text.split(/^<!-- bench:/m).slice(1)) {
    const m = /^([\w-]+) -->\n/.exec(part);
    if (m) previous.set(m[1], part.slice(m[0].length).trimEnd() + '\n');
  }
} catch {
  // No file yet: every section comes from this run.
}
const sections = benches
  .map((b) => {
    let section = null;
    try {
      section = JSON.parse(fs.readFileSync(path.join(root, 'out/bench', `${b.name}.json`), 'utf8')).section;
    } catch {
      section = previous.get(b.name) ?? null;
    }
    return section && `<!-- bench:${b.name} -->\n${section}`;
  })
  .filter(Boolean);
const cpu = os.cpus();
const machine = `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
const md = `# Benchmarks

Written by \`npm run bench\`. Machine: ${machine}. Date: ${new Date().toISOString().slice(0, 10)}.
Figures from one run on a shared 2-core machine; read the ratios, each measured against a baseline in the same run.

${sections.join('\n')}`;
fs.writeFileSync(path.join(root, 'BENCHMARKS.md'), md);
console.log('\nBENCHMARKS.md written.');
