/** The voting feature as other features and the app shell see it: import from here, not from its files. */
export { BallotHost } from './BallotHost';
export { ItemPolls } from './ItemPolls';
export { PollsTab, pollsBadge } from './PollsTab';
export { VotingProvider, useAllViews, useVoting, useVotingSelect } from './VotingProvider';
export { WrittenPollBanner } from './WrittenPollBanner';
export { mayVote } from './pollRules';
