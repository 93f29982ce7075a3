/**
 * Issue 16: a raw colour outside renderer/app/tokens.css fails `npm run lint:css`. Runs
 * stylelint with the project's own config on small stylesheets, as if they were a feature's
 * module and the tokens file, and on the real stylesheets.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import stylelint from 'stylelint';

const root = path.resolve(import.meta.dirname, '../../..');
const configFile = path.join(root, 'stylelint.config.mjs');

async function lint(code: string, file: string): Promise<string[]> {
  const { results } = await stylelint.lint({ code, codeFilename: path.join(root, file), configFile });
  return results.flatMap((r) => r.warnings.map((w) => w.rule));
}

describe('stylelint: colours only through tokens', () => {
  it.each([
    ['a hex colour', '.box { color: #1a2230; }', 'color-no-hex'],
    ['a short hex colour', '.box { border: 1px solid #fff; }', 'color-no-hex'],
    ['a named colour', '.box { background: white; }', 'color-named'],
    ['rgba()', '.box { box-shadow: 0 1px 2px rgba(16, 24, 40, 0.06); }', 'function-disallowed-list'],
    ['hsl()', '.box { color: hsl(210 40% 20%); }', 'function-disallowed-list'],
  ])('fails %s in a feature module', async (_what, css, rule) => {
    expect(await lint(css, 'renderer/features/seating/SeatSearch.module.css')).toContain(rule);
  });

  it('accepts tokens, transparent and currentColor in a feature module', async () => {
    const css = '.box { color: var(--grey-900); border: 1px solid transparent; fill: currentColor; }';
    expect(await lint(css, 'renderer/features/seating/SeatSearch.module.css')).toEqual([]);
  });

  it('accepts raw colours in the tokens file, and only there', async () => {
    const css = ':root { --grey-900: #1a2230; --white: white; --shade: rgba(0, 0, 0, 0.2); }';
    expect(await lint(css, 'renderer/app/tokens.css')).toEqual([]);
    expect(await lint(css, 'renderer/styles.css')).toEqual(expect.arrayContaining(['color-no-hex', 'color-named', 'function-disallowed-list']));
  });

  it('passes on the stylesheets as they are', async () => {
    const { results } = await stylelint.lint({ files: 'renderer/**/*.css', cwd: root, configFile });
    expect(results.length).toBeGreaterThan(5);
    expect(results.flatMap((r) => r.warnings.map((w) => `${path.relative(root, r.source ?? '')}:${w.line} ${w.text}`))).toEqual([]);
  });
});
