/**
 * renderer/i18n sets `document.documentElement.lang` when it starts; rendering components
 * to a string in Node (react-dom/server) has no DOM, so this gives it the one element it
 * touches. Import it before anything that imports renderer/i18n.
 */
const g = globalThis as { document?: unknown };
g.document ??= { documentElement: { lang: '' } };
