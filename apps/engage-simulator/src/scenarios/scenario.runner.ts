import { type EngagePlatform } from '../platform/engage-platform.model';
import { type Scenario, type ScenarioStep } from './scenario.dto';

interface CustomerThread {
  threadId: string;
  sourceId: string;
  lastContentId: string;
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
    switch (step.action) {
      case 'customer_writes': {
        const known = customers.get(step.customer ?? '');
        const content = this.platform.receiveCustomerMessage({
          source_id: known?.sourceId ?? step.source_id ?? '',
          thread_id: known?.threadId,
          body: step.says ?? '',
          author_name: `${step.customer} (${this.round})`,
        });
        customers.set(step.customer ?? '', {
          threadId: content.thread_id,
          sourceId: content.source_id,
          lastContentId: content.id,
        });
        return;
      }
      case 'agent_status':
        this.platform.setAgentChannelStatus(
          step.agent_id ?? '',
          step.channel_id ?? '',
          step.status ?? 'away',
        );
        return;
      case 'agent_replies':
        this.platform.agentReply(
          step.agent_id ?? '',
          this.customer(step, customers).lastContentId,
          step.says ?? '',
        );
        return;
      case 'agent_closes': {
        const open = this.platform.state.openInterventionOf(this.customer(step, customers).threadId);
        if (open) {
          this.platform.closeIntervention(step.agent_id ?? '', open.id);
        }
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
