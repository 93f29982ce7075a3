/** The conclusions feature as other features and the app shell see it: import from here, not from its files. */
export { ConclusionsTab, conclusionsBadge } from './ConclusionsTab';
export { ItemConclusion } from './ItemConclusion';
export { pendingTasksOf } from './conclusionModel';
