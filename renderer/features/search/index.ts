/** The search feature as other features and the app shell see it: import from here, not from its files. */
export { SearchBox } from './SearchBox';
