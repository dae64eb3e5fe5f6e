import {
  type EngageAgentStatus,
  type EngageClient,
  type EngageSource,
  type EngageUser,
} from '@handover/engage-client';
import { type PollMetrics } from './poll.metrics';

/** GET /users pages hold at most 150 users (ENGAGE_API.md §2.3); the client asks for full pages. */
const USERS_PER_PAGE = 150;

/**
 * The Engage calls of one poll, each counted against the budget. The client runs without retries
 * here (the next poll is the retry), so one call is one request, except GET /users, which walks
 * its pages: counted from the users it returned, or one when it failed.
 */
export class MeteredEngage {
  spent = 0;

  constructor(
    private readonly client: EngageClient,
    private readonly metrics: PollMetrics,
  ) {}

  statuses(): Promise<EngageAgentStatus[]> {
    return this.counted(
      'GET /status',
      () => this.client.getAgentStatuses(),
      () => 1,
    );
  }

  source(id: string): Promise<EngageSource> {
    return this.counted(
      'GET /content_sources/:id',
      () => this.client.getSource(id),
      () => 1,
    );
  }

  users(filter: { categoryId?: string; teamId?: string }): Promise<EngageUser[]> {
    return this.counted(
      'GET /users',
      () => this.client.listUsers(filter),
      (users) => Math.max(1, Math.ceil(users.length / USERS_PER_PAGE)),
    );
  }

  private async counted<T>(
    endpoint: string,
    call: () => Promise<T>,
    requestsOf: (result: T) => number,
  ): Promise<T> {
    let requests = 1;
    try {
      const result = await call();
      requests = requestsOf(result);
      return result;
    } finally {
      this.spent += requests;
      this.metrics.call(endpoint, requests);
    }
  }
}
