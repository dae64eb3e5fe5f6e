/** OpenAPI schema `AgentStatusChannel`; `status` is null when the agent is not connected on the channel. */
export interface EngageAgentChannelStatus {
  id: string;
  name: string;
  status: 'available' | 'away' | null;
  busyness: 'unoccupied' | 'ok' | 'busy' | 'full';
}

/** OpenAPI schema `AgentStatus`: one connected agent. */
export interface EngageAgentStatus {
  agent_id: string;
  channels: EngageAgentChannelStatus[];
  custom_status: { id: string } | null;
}
