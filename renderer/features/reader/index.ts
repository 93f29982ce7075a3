/** The reader feature as other features and the app shell see it: import from here, not from its files. */
export { OpenDocumentButton } from './OpenDocumentButton';
export { ReadingTools } from './ReadingTools';
