/** The changes feature as other features and the app shell see it: import from here, not from its files. */
export { ChangesNotice } from './ChangesNotice';
