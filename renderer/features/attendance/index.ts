/** The attendance feature as other features and the app shell see it: import from here, not from its files. */
export { AttendanceTab } from './AttendanceTab';
export { RoomOverview } from './RoomOverview';
export { seesAttendanceTab } from './roles';
