/** The organisations feature as the app shell sees it: import from here, not from its files. */
export { OrganisationsScreen } from './OrganisationsScreen';
