// Shared by the bench and the relay process; imports nothing, so the bench (no path aliases
// registered) never loads the libs the relay needs.
export const RELAY_CONFIG_ENV = 'BENCH_RELAY_CONFIG';

export interface RelayConfig {
  brokers: string[];
  topic: string;
  groupId: string;
  engageBaseUrl: string;
  token: string;
  botCategoryId: string;
  agentCategoryId: string;
}

/** What the relay tells the bench (IPC): its consumer joined the group. */
export interface RelayReady {
  kind: 'ready';
}
