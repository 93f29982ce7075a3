/** The tasks feature as other features and the app shell see it: import from here, not from its files. */
export { Dashboard } from './Dashboard';
export { ItemTasks } from './ItemTasks';
export { MyTasks } from './MyTasks';
export { TasksNav, type TopScreen } from './TasksNav';
