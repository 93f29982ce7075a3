/** The documents feature as other features and the app shell see it: import from here, not from its files. */
export { DocumentsTab } from './DocumentsTab';
export { looksLikePdf, useUploads } from './useUploads';
