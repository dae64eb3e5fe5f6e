import { type BotEvent, type EngageEvent, TOPICS } from '@handover/contracts';
import { appendToOutbox, type BatchScope, markEventHandled, recordEffects } from '@handover/kafka';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { BOT_ENGINE, type BotEngine } from '../bot-engine';
import { ConversationRepository } from '../conversation/conversation.repository';
import { ThreadStore } from '../conversation/thread.store';
import { evolveWithContent } from '../conversation/thread-facts.evolve';
import { evolveWithDecision, type ThreadState } from '../conversation/thread-state';
import {
  CLOCK,
  type Clock,
  CONSUMER_GROUP,
  REPLY_POLICY,
  RUNTIME_MODE,
  type RuntimeMode,
} from '../runtime/runtime.tokens';
import { botEventRecord } from './bot-event.record';
import { type ContentFact, contentFact } from './content-fact';
import { type BotOutcome, decideReply, type ReplyPolicy, skipReason } from './reply.decider';

/**
 * A customer message in: the thread's projection moves, and — live only — the bot is asked and its
 * decision is recorded with the platform calls it needs, all in the batch transaction.
 */
@Injectable()
export class ReplyService {
  private readonly logger = new Logger(ReplyService.name);

  constructor(
    @Inject(BOT_ENGINE) private readonly engine: BotEngine,
    @Inject(REPLY_POLICY) private readonly policy: ReplyPolicy,
    @Inject(RUNTIME_MODE) private readonly mode: RuntimeMode,
    @Inject(CLOCK) private readonly now: Clock,
    @Inject(CONSUMER_GROUP) private readonly consumer: string,
  ) {}

  async onContentImported(event: EngageEvent, batch: BatchScope): Promise<void> {
    const fact = contentFact(event);
    if (!fact) {
      return;
    }
    const threads = ThreadStore.of(batch);
    const thread = evolveWithContent(await threads.get(fact.threadId), fact, this.policy.botCategoryId);
    threads.setFacts(thread);
    if (this.mode === 'live') {
      await this.maybeAnswer(fact, thread, threads, batch.manager);
    }
  }

  /** A decision read back from bot.events.v1: already applied live, applied here on replay. */
  async onBotDecision(event: BotEvent, batch: BatchScope): Promise<void> {
    if (!(await new ConversationRepository(batch.manager).saveDecision(event))) {
      return;
    }
    const threads = ThreadStore.of(batch);
    threads.setTurns(evolveWithDecision(await threads.get(event.thread_id), event));
  }

  private async maybeAnswer(
    fact: ContentFact,
    thread: ThreadState,
    threads: ThreadStore,
    manager: EntityManager,
  ): Promise<void> {
    const repository = new ConversationRepository(manager);
    // The checks that need no query first: most content.imported are echoes and agents' messages.
    const skip =
      skipReason(fact, thread, [], false, this.policy) ??
      skipReason(
        fact,
        thread,
        await repository.emergencies(fact.issuedAt),
        await repository.wasAnswered(fact.contentId),
        this.policy,
      );
    if (skip !== null) {
      this.logger.debug(`No bot answer to ${fact.contentId} on thread ${fact.threadId}: ${skip}`);
      return;
    }
    const outcome = await this.ask(fact);
    const { event, effects } = decideReply(fact, thread, outcome, this.policy, this.now());
    await repository.saveDecision(event);
    await recordEffects(manager, effects);
    await appendToOutbox(manager, [botEventRecord(event)]);
    await markEventHandled(manager, this.consumer, event.event_id, TOPICS.botEvents.name);
    threads.setTurns(evolveWithDecision(thread, event));
    this.logger.log(`${event.type} for ${fact.contentId} on thread ${fact.threadId}`);
  }

  /** A bot that fails or times out leads to a handover, never to silence. */
  private async ask(fact: ContentFact): Promise<BotOutcome> {
    try {
      return await this.engine.answer({
        threadId: fact.threadId,
        contentId: fact.contentId,
        text: fact.body,
        language: fact.language,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Bot engine failed for ${fact.contentId}: ${message}`);
      return { kind: 'error', message };
    }
  }
}
