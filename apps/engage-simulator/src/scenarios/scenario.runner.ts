import { type EngagePlatform } from '../platform/engage-platform.model';
import { type Scenario, type ScenarioStep } from './scenario.dto';

interface CustomerThread {
  threadId: string;
  sourceId: string;
  /** The customer's last message: what agents answer (undefined while only the source spoke). */
  lastContentId?: string;
}

/**
 * Plays a scenario against the platform on timers, round after round when it repeats; each round's
 * customers start new threads. A step the platform refuses is reported and the play goes on.
 */
export class ScenarioRunner {
  private readonly timers = new Set<NodeJS.Timeout>();
  private repeat?: NodeJS.Timeout;
  private round = 0;

  constructor(
    private readonly platform: EngagePlatform,
    private readonly scenario: Scenario,
    private readonly report: (problem: string) => void,
  ) {}

  start(): void {
    this.playRound();
    if (this.scenario.repeat_every_ms) {
      this.repeat = setInterval(() => this.playRound(), this.scenario.repeat_every_ms);
    }
  }

  stop(): void {
    clearInterval(this.repeat);
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
  }

  private playRound(): void {
    this.round += 1;
    const customers = new Map<string, CustomerThread>();
    for (const step of this.scenario.steps) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.play(step, customers);
      }, step.at_ms);
      this.timers.add(timer);
    }
  }

  private play(step: ScenarioStep, customers: Map<string, CustomerThread>): void {
    try {
      this.apply(step, customers);
    } catch (error) {
      this.report(
        `${this.scenario.name}, round ${this.round}, ${step.action} at ${step.at_ms} ms: ${(error as Error).message}`,
      );
    }
  }

  private apply(step: ScenarioStep, customers: Map<string, CustomerThread>): void {
    const name = step.customer ?? '';
    switch (step.action) {
      case 'customer_writes': {
        const known = customers.get(name);
        const content = this.platform.contents.receiveCustomerMessage({
          source_id: known?.sourceId ?? step.source_id ?? '',
          thread_id: known?.threadId,
          body: step.says ?? '',
          author_name: `${name} (${this.round})`,
        });
        customers.set(name, {
          threadId: content.thread_id,
          sourceId: content.source_id,
          lastContentId: content.id,
        });
        return;
      }
      case 'source_imports': {
        const known = customers.get(name);
        const content = this.platform.contents.importFromSource({
          source_id: known?.sourceId ?? step.source_id ?? '',
          thread_id: known?.threadId,
          kind: step.kind ?? 'welcome_message',
          body: step.says ?? '',
        });
        customers.set(name, { ...known, threadId: content.thread_id, sourceId: content.source_id });
        return;
      }
      case 'agent_status':
        this.platform.presence.setAgentChannelStatus(
          step.agent_id ?? '',
          step.channel_id ?? '',
          step.status ?? 'away',
        );
        return;
      case 'agent_replies': {
        const { lastContentId } = this.customer(step, customers);
        if (!lastContentId) {
          throw new Error(`customer ${name} has not written yet`);
        }
        this.platform.contents.agentReply(step.agent_id ?? '', lastContentId, step.says ?? '');
        return;
      }
      case 'agent_closes': {
        const open = this.platform.state.openInterventionOf(this.customer(step, customers).threadId);
        if (open) {
          this.platform.interventions.close(step.agent_id ?? '', open.id);
        }
        return;
      }
      case 'agent_recategorizes':
        this.platform.threads.updateCategories(
          step.agent_id ?? '',
          this.customer(step, customers).threadId,
          step.category_ids ?? [],
        );
        return;
      case 'agent_reopens': {
        const latest = this.platform.state.interventionsOf(this.customer(step, customers).threadId).at(-1);
        if (!latest) {
          throw new Error(`customer ${name}'s thread has no intervention to reopen`);
        }
        this.platform.interventions.reopenByAgent(step.agent_id ?? '', latest.id);
        return;
      }
      default: {
        const unknown: never = step.action;
        throw new Error(`unknown action ${String(unknown)}`);
      }
    }
  }

  private customer(step: ScenarioStep, customers: Map<string, CustomerThread>): CustomerThread {
    const found = customers.get(step.customer ?? '');
    if (!found) {
      throw new Error(`customer ${step.customer} has not written yet`);
    }
    return found;
  }
}
