/**
 * Issue 12: the form field, the list table and the empty list's place are one component
 * each. Rendered (react-dom/server), each must give exactly the markup the screens wrote by
 * hand before, so their look and the tests' selectors stay as they were.
 */
import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable } from '../../../renderer/app/DataTable';
import { EmptyList } from '../../../renderer/app/EmptyList';
import { Field } from '../../../renderer/app/Field';
import { Options } from '../../../renderer/app/Options';
import { Panel } from '../../../renderer/app/Panel';
import { sameFields } from '../../../renderer/app/sameFields';

const input = h('input', { id: 'f-q' });

describe('Field', () => {
  it('is a label for its control, then the control', () => {
    expect(renderToStaticMarkup(h(Field, { htmlFor: 'f-q', label: 'Câu hỏi' , children: input }))).toBe('<div class="field"><label for="f-q">Câu hỏi</label><input id="f-q"/></div>');
  });

  it('stars a required field, and puts its hint and then its error under the control', () => {
    const html = renderToStaticMarkup(h(Field, { htmlFor: 'f-q', label: 'Câu hỏi', required: true, hint: 'Một câu', error: 'Chưa nhập', className: 'span-2' , children: input }));
    expect(html).toBe('<div class="field span-2"><label for="f-q">Câu hỏi <span class="required">*</span></label><input id="f-q"/><span class="field-hint">Một câu</span><span class="field-error">Chưa nhập</span></div>');
  });

  it('names its error for aria-describedby and announces it only when asked', () => {
    expect(renderToStaticMarkup(h(Field, { htmlFor: 'f-q', label: 'L', error: 'E', errorId: 'f-q-error', alert: true , children: input }))).toContain('<span class="field-error" id="f-q-error" role="alert">E</span>');
    expect(renderToStaticMarkup(h(Field, { htmlFor: 'f-q', label: 'L', error: 'E', errorId: 'f-q-error' , children: input }))).toContain('<span class="field-error" id="f-q-error">E</span>');
  });

  it('shows no hint or error when there is none (false, empty, absent)', () => {
    expect(renderToStaticMarkup(h(Field, { htmlFor: 'f-q', label: 'L', hint: false, error: '' , children: input }))).toBe('<div class="field"><label for="f-q">L</label><input id="f-q"/></div>');
  });
});

describe('DataTable', () => {
  it('is a scrolling box holding the table, its header row and its rows, then what stands under it', () => {
    const row = h('tr', null, h('td', null, 'A'));
    const html = renderToStaticMarkup(h(DataTable, { columns: ['Tên', { label: 'Số', className: 'num' }, false], className: 'x', testId: 't', after: h('p', null, 'thêm'), children: row }));
    expect(html).toBe(
      '<div class="table-scroll"><table class="data-table x" data-testid="t"><thead><tr><th scope="col">Tên</th><th scope="col" class="num">Số</th></tr></thead><tbody><tr><td>A</td></tr></tbody></table><p>thêm</p></div>',
    );
  });

  it('is a plain data table without a class or test id of its own', () => {
    expect(renderToStaticMarkup(h(DataTable, { columns: ['A'], children: null }))).toBe('<div class="table-scroll"><table class="data-table"><thead><tr><th scope="col">A</th></tr></thead><tbody></tbody></table></div>');
  });
});

describe('EmptyList', () => {
  it('stands in the list’s place under its test id, marked empty', () => {
    expect(renderToStaticMarkup(h(EmptyList, { testId: 'agenda-tree', children: 'Chưa có' }))).toBe('<p class="empty-inline" data-testid="agenda-tree" data-empty="true">Chưa có</p>');
  });
});

describe('Options', () => {
  it('gives one option a code, shown in words', () => {
    expect(renderToStaticMarkup(h(Options, { values: ['a', 'b'], label: (v: string) => `[${v}]` }))).toBe('<option value="a">[a]</option><option value="b">[b]</option>');
  });
});

describe('sameFields', () => {
  const row = { id: 'p1', name: 'Lan', onRemove: () => undefined };
  it('is the same when every named field is, whatever else differs', () => {
    expect(sameFields(row, { ...row }, ['id', 'name', 'onRemove'])).toBe(true);
    expect(sameFields({ ...row, extra: 1 } as typeof row, row, ['id'])).toBe(true);
  });
  it('differs on a named field that differs, a new callback included', () => {
    expect(sameFields(row, { ...row, name: 'Minh' }, ['id', 'name'])).toBe(false);
    expect(sameFields(row, { ...row, onRemove: () => undefined }, ['onRemove'])).toBe(false);
  });
});

describe('Panel', () => {
  it('is a region named by its title, with its line under the title', () => {
    const html = renderToStaticMarkup(h(Panel, { title: 'Kiểm tra', level: 3, small: true, subtitle: 'Chuỗi nhật ký', className: 'x', testId: 'audit-panel', children: h('p', null, 'nội dung') }));
    const id = /aria-labelledby="([^"]+)"/.exec(html)![1]!;
    expect(html).toBe(`<section class="panel x" aria-labelledby="${id}" data-testid="audit-panel"><h3 id="${id}" class="panel-title small">Kiểm tra</h3><p class="panel-subtitle">Chuỗi nhật ký</p><p>nội dung</p></section>`);
  });

  it('is an h2 panel by default, announced when it comes up as an alert', () => {
    const html = renderToStaticMarkup(h(Panel, { title: 'Vấn đề', role: 'alert' }));
    expect(html).toMatch(/^<section class="panel" aria-labelledby="[^"]+" role="alert"><h2 id="[^"]+" class="panel-title">Vấn đề<\/h2><\/section>$/);
  });
});
