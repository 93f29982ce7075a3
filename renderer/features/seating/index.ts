/** The seating feature as other features and the app shell see it: import from here, not from its files. */
export { MySeatCard } from './MySeatCard';
export { SeatingTab } from './SeatingTab';
export { indexSeating, matchesName } from './seatIndex';
