/** What to do with a thread whose intervention an agent closed (seed "Intervention reopening"). */
export type ReopenPolicy = 'agent-first' | 'bot-first' | 'close-thread';

/** Where a thread goes when nobody took it within the waiting time. */
export type WaitingFallback = 'bot' | 'agent';

/** Customer-facing texts per language; `defaultLanguage` when the thread's is missing. */
export type LanguageTexts = Readonly<Record<string, string>>;

export interface RoutingPolicy {
  botCategoryId: string;
  agentCategoryId: string;
  /** The API token's user: an intervention it holds or closed is the bot's, never the agents'. */
  botUserId: string;
  reopenPolicy: ReopenPolicy;
  /** Leave the agent an intervention comment with the reason and the bot transcript when handing over. */
  agentNote: boolean;
  waitingTimeoutMs: number;
  waitingFallback: WaitingFallback;
  /** Told to a customer put in the queue. */
  waitingNotices: LanguageTexts;
  /** Told to a waiting customer who writes again, at most once per `waitingReminderMs` (0: never). */
  stillWaitingNotices: LanguageTexts;
  waitingReminderMs: number;
  /** Told to a customer handed over by the `agent` fallback while no agent is available. */
  offlineNotices: LanguageTexts;
  defaultLanguage: string;
  /**
   * A waiting customer whose whole message is one of these words (compared without case, accents
   * or punctuation) goes back to the bot and is told so (`botReturnNotices`); empty: never.
   */
  botKeywords: readonly string[];
  botReturnNotices: LanguageTexts;
  /** A thread handed over `loopMaxHandovers` times within `loopWindowMs` stays with agents. */
  loopMaxHandovers: number;
  loopWindowMs: number;
}
