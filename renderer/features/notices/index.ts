/** The notices feature as other features and the app shell see it: import from here, not from its files. */
export { OfficialRecords } from './OfficialRecords';
export { ConclusionRegister } from './ConclusionRegister';
