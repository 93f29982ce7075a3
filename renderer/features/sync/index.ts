/** The sync feature as other features and the app shell see it: import from here, not from its files. */
export { CoreBanner } from './CoreBanner';
export { SyncBanner } from './SyncBanner';
export { SyncIndicator } from './SyncIndicator';
export { useSyncStatus } from './useSyncStatus';
