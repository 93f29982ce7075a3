/** The speakers feature as other features and the app shell see it: import from here, not from its files. */
export { AskToSpeak } from './AskToSpeak';
export { SpeakerBar } from './SpeakerBar';
export { SpeakerQueue } from './SpeakerQueue';
