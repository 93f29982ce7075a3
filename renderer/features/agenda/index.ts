/** The agenda feature as other features and the app shell see it: import from here, not from its files. */
export { AgendaTree } from './AgendaTree';
export { CurrentItem } from './CurrentItem';
export { SidePanel } from './SidePanel';
