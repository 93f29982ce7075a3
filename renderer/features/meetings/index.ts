/** The meetings feature as other features and the app shell see it: import from here, not from its files. */
export { MeetingList } from './MeetingList';
export { MeetingScreen } from './MeetingScreen';
