/** What to do with a thread whose intervention an agent closed (seed "Intervention reopening"). */
export type ReopenPolicy = 'agent-first' | 'bot-first' | 'close-thread';

/** Where a thread goes when nobody took it within the waiting time. */
export type WaitingFallback = 'bot' | 'agent';

export interface RoutingPolicy {
  botCategoryId: string;
  agentCategoryId: string;
  reopenPolicy: ReopenPolicy;
  /** Post a private note with the reason and the bot transcript when handing over. */
  privateNote: boolean;
  waitingTimeoutMs: number;
  waitingFallback: WaitingFallback;
  /** Customer-facing texts per language while WAITING; `defaultLanguage` when the thread's is missing. */
  waitingNotices: Readonly<Record<string, string>>;
  defaultLanguage: string;
  /** A thread handed over `loopMaxHandovers` times within `loopWindowMs` stays with agents. */
  loopMaxHandovers: number;
  loopWindowMs: number;
}
