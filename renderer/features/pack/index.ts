/** The pack feature as other features and the app shell see it: import from here, not from its files. */
export { PackBadge } from './PackBadge';
export { PackProgress } from './PackProgress';
export { usePackStatus } from './usePackStatus';
