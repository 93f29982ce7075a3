/** The annotations feature as other features and the app shell see it: import from here, not from its files. */
export { AnnotateMenu, type AnnotationDraft } from './AnnotateMenu';
export { AnnotationOverlay } from './AnnotationOverlay';
export { AnnotationsPanel } from './AnnotationsPanel';
export { MyNotes } from './MyNotes';
export { readSelection } from './selection';
export { useAnnotations } from './useAnnotations';
