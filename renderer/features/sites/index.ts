/** The sites feature as other features and the app shell see it: import from here, not from its files. */
export { SitesTab } from './SitesTab';
export { sortSites } from './sortSites';
export { SiteOptions } from './SiteOptions';
