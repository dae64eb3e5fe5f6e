import { type SkipReason } from './poll-plan.decider';

/** How a tick ended: `locked` means another replica was polling. */
export type PollOutcome = SkipReason | 'locked' | 'published' | 'unchanged' | 'rate_limited' | 'failed';
