/**
 * Pure: what a batch of intervention events adds to each intervention, as deltas that merge in any
 * order (the earliest opening, the latest closing, counts). engage.events.v1 only.
 */
export interface InterventionDelta {
  interventionId: string;
  threadId: string;
  sourceId: string | null;
  openedAt: string | null;
  /** Who opened it: `bot` (BOT_USER_ID), `agent`, or `unknown` (no user on the event). */
  openedBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
  closes: number;
  reopens: number;
}

export interface InterventionInput {
  type: 'intervention.opened' | 'intervention.reopened' | 'intervention.closed';
  interventionId: string;
  threadId: string;
  sourceId: string | null;
  issuedAt: string;
  /** Who acted: the event's user, else the intervention's owner. */
  userId: string | null;
}

export function actorOf(userId: string | null, botUserId: string | null): 'bot' | 'agent' | 'unknown' {
  if (userId === null) {
    return 'unknown';
  }
  return botUserId !== null && userId === botUserId ? 'bot' : 'agent';
}

export function foldIntervention(
  deltas: Map<string, InterventionDelta>,
  input: InterventionInput,
  botUserId: string | null,
): void {
  const delta = deltas.get(input.interventionId) ?? {
    interventionId: input.interventionId,
    threadId: input.threadId,
    sourceId: input.sourceId,
    openedAt: null,
    openedBy: null,
    closedAt: null,
    closedBy: null,
    closes: 0,
    reopens: 0,
  };
  const actor = actorOf(input.userId, botUserId);
  if (input.type === 'intervention.opened' && (delta.openedAt === null || input.issuedAt < delta.openedAt)) {
    delta.openedAt = input.issuedAt;
    delta.openedBy = actor;
  }
  if (input.type === 'intervention.closed') {
    delta.closes += 1;
    if (delta.closedAt === null || input.issuedAt >= delta.closedAt) {
      delta.closedAt = input.issuedAt;
      delta.closedBy = actor;
    }
  }
  delta.reopens += input.type === 'intervention.reopened' ? 1 : 0;
  deltas.set(input.interventionId, delta);
}
