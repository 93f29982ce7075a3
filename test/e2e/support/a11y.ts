/**
 * Accessibility checks for the end-to-end specs.
 *
 * The full check is axe-core (`@axe-core/playwright`), asked for serious and critical
 * violations only. It is loaded by name at run time so that a checkout without it still
 * type-checks and runs the rest; `axeAvailable()` says whether it is there and the spec
 * skips that part with the reason.
 *
 * `ownChecks` is a small subset we run always, because it needs nothing installed and
 * catches the mistakes this codebase actually made: controls without an accessible name
 * (icon buttons, selects labelled only by a neighbouring text), `aria-labelledby`/
 * `aria-controls` that point at nothing, images without alt.
 */
import type { Page } from '@playwright/test';

// The checks below run in the page. This program is type-checked without the DOM library
// (tsconfig.node.json), so the page's globals are declared here, loosely, for this file only.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare function getComputedStyle(el: unknown): { display: string; visibility: string };
type Element = any;

interface AxeResults {
  violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[]; html: string }[] }[];
}
interface AxeBuilderLike {
  withTags(tags: string[]): AxeBuilderLike;
  exclude(selector: string): AxeBuilderLike;
  analyze(): Promise<AxeResults>;
}
type AxeBuilderCtor = new (options: { page: Page }) => AxeBuilderLike;

let axe: AxeBuilderCtor | null | undefined;

/** The AxeBuilder class, or null when `@axe-core/playwright` is not installed. */
export async function axeAvailable(): Promise<AxeBuilderCtor | null> {
  if (axe !== undefined) return axe;
  const name = '@axe-core/playwright';
  try {
    const mod = (await import(name)) as { default?: AxeBuilderCtor; AxeBuilder?: AxeBuilderCtor };
    axe = mod.AxeBuilder ?? mod.default ?? null;
  } catch {
    axe = null;
  }
  return axe;
}

/** Serious and critical axe violations on what the page shows now, one line each. */
export async function axeFindings(page: Page, screen: string): Promise<string[]> {
  const Builder = await axeAvailable();
  if (!Builder) return [];
  const results = await new Builder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${screen}: [${v.impact}] ${v.id} (${v.help}) at ${JSON.stringify(n.target)}: ${n.html.slice(0, 160)}`));
}

/** Our own always-on checks (see the file's comment), one line per finding. */
export async function ownChecks(page: Page, screen: string): Promise<string[]> {
  const found = await page.evaluate(() => {
    const out: string[] = [];
    const list = (nodes: any): any[] => Array.from(nodes);
    const shown = (el: Element) => {
      const s = getComputedStyle(el);
      if (s.display === 'none' || s.visibility === 'hidden') return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 || r.height > 0;
    };
    const text = (el: Element | null): string => {
      if (!el) return '';
      // aria-hidden parts (decorative icons) give no name.
      const clone = el.cloneNode(true) as Element;
      for (const hidden of list(clone.querySelectorAll('[aria-hidden="true"]'))) hidden.remove();
      const alts = list(clone.querySelectorAll('img[alt]')).map((i) => i.getAttribute('alt'));
      return `${clone.textContent ?? ''} ${alts.join(' ')}`.trim();
    };
    const nameOf = (el: Element): string => {
      const labelledby = el.getAttribute('aria-labelledby');
      if (labelledby) {
        const t = labelledby
          .split(/\s+/)
          .map((id: string) => text(document.getElementById(id)))
          .join(' ')
          .trim();
        if (t) return t;
      }
      const label = el.getAttribute('aria-label')?.trim();
      if (label) return label;
      const field = el;
      if (field.labels && field.labels.length) {
        const t = list(field.labels).map(text).join(' ').trim();
        if (t) return t;
      }
      const tag = el.tagName.toLowerCase();
      if (tag === 'input' && ['submit', 'button', 'reset'].includes(field.type) && field.value) return field.value;
      if (tag === 'button' || tag === 'a' || /^(button|tab|menuitem|option|radio|checkbox|link)$/.test(el.getAttribute('role') ?? '')) {
        const t = text(el);
        if (t) return t;
      }
      return el.getAttribute('title')?.trim() || el.getAttribute('placeholder')?.trim() || '';
    };
    const controls = 'button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [role="tab"], [role="checkbox"], [role="radio"], [role="menuitem"], [role="switch"], [role="slider"], [role="dialog"]';
    for (const el of list(document.querySelectorAll(controls))) {
      if (!shown(el) || el.closest('[aria-hidden="true"]')) continue;
      if (!nameOf(el)) out.push(`control without an accessible name: ${el.outerHTML.slice(0, 180)}`);
    }
    for (const attr of ['aria-labelledby', 'aria-describedby', 'aria-controls']) {
      for (const el of list(document.querySelectorAll(`[${attr}]`))) {
        for (const id of el.getAttribute(attr)!.split(/\s+/).filter(Boolean)) {
          if (!document.getElementById(id)) out.push(`${attr} points at a missing #${id}: ${el.outerHTML.slice(0, 180)}`);
        }
      }
    }
    for (const img of list(document.querySelectorAll('img:not([alt])'))) {
      if (shown(img)) out.push(`image without alt: ${img.outerHTML.slice(0, 180)}`);
    }
    const ids = new Map<string, number>();
    for (const el of list(document.querySelectorAll('[id]'))) ids.set(el.id, (ids.get(el.id) ?? 0) + 1);
    for (const [id, n] of ids) if (n > 1) out.push(`id used ${n} times: #${id}`);
    if (!document.documentElement.lang) out.push('the page has no lang');
    return out;
  });
  return found.map((f) => `${screen}: ${f}`);
}
