import { type BotEvent, type BotThreadReadEvent, type EngageEvent, TOPICS } from '@handover/contracts';
import { appendToOutbox, type BatchScope, markEventHandled, recordEffects } from '@handover/kafka';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { BOT_ENGINE, type BotEngine } from '../bot-engine';
import { ConversationRepository } from '../conversation/conversation.repository';
import { ThreadStore } from '../conversation/thread.store';
import { evolveWithContent, evolveWithRead } from '../conversation/thread-facts.evolve';
import { evolveWithDecision, observedCategories, type ThreadState } from '../conversation/thread-state';
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
import { READ_THREAD_KIND, type ReadThreadPayload } from './read-thread';
import {
  attachmentOnlyOutcome,
  type BotOutcome,
  decideReply,
  messageSkipReason,
  type ReplyPolicy,
  type SkipReason,
  skipReason,
} from './reply.decider';

/**
 * A customer message in: the thread's projection moves, and — live only — the bot is asked and its
 * decision is recorded with the platform calls it needs, all in the batch transaction. A message
 * whose thread's categories are unknown waits for a read of the thread (an effect) to come back.
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

  /** The thread's categories, read for a waiting message: now it can be decided. */
  async onThreadRead(event: BotThreadReadEvent, batch: BatchScope): Promise<void> {
    const threads = ThreadStore.of(batch);
    const read = { categoryIds: event.category_ids, readAt: new Date(event.read_at).toISOString() };
    const thread = evolveWithRead(await threads.get(event.thread_id), read, this.policy.botCategoryId);
    threads.setTurns(thread);
    if (this.mode !== 'live') {
      return;
    }
    const fact = await new ConversationRepository(batch.manager).takePendingTurn(event.content_id);
    if (fact === null) {
      return;
    }
    if (event.category_ids === null) {
      this.skipped(fact, 'categories_unknown');
    } else if (thread.lastCustomerContentId !== fact.contentId) {
      // A newer message came meanwhile and is (or will be) answered: one answer, to the latest.
      this.skipped(fact, 'superseded');
    } else {
      await this.maybeAnswer(fact, thread, threads, batch.manager);
    }
  }

  private async maybeAnswer(
    fact: ContentFact,
    thread: ThreadState,
    threads: ThreadStore,
    manager: EntityManager,
  ): Promise<void> {
    // The checks that need no query first: most content.imported are not customers' messages.
    const messageSkip = messageSkipReason(fact);
    if (messageSkip !== null) {
      this.skipped(fact, messageSkip);
      return;
    }
    const observed = observedCategories(thread);
    if (observed === null) {
      await this.readThreadFirst(fact, manager);
      return;
    }
    const repository = new ConversationRepository(manager);
    const categoryIds = observed.categoryIds;
    const skip =
      skipReason(
        fact,
        thread,
        { categoryIds, emergencies: [], alreadyAnswered: false, ownIdentity: false },
        this.policy,
      ) ??
      skipReason(
        fact,
        thread,
        {
          categoryIds,
          emergencies: await repository.emergencies(fact.issuedAt),
          alreadyAnswered: await repository.wasAnswered(fact.contentId),
          ownIdentity: fact.authorId !== null && (await repository.isOwnIdentity(fact.authorId)),
        },
        this.policy,
      );
    if (skip !== null) {
      this.skipped(fact, skip);
      return;
    }
    const outcome = fact.body.trim() === '' ? attachmentOnlyOutcome(fact, this.policy) : await this.ask(fact);
    const { event, effects } = decideReply(fact, thread, outcome, this.policy, this.now());
    await repository.saveDecision(event);
    await recordEffects(manager, effects);
    await appendToOutbox(manager, [botEventRecord(event)]);
    await markEventHandled(manager, this.consumer, event.event_id, TOPICS.botEvents.name);
    threads.setTurns(evolveWithDecision(thread, event));
    this.logger.log(`${event.type} for ${fact.contentId} on thread ${fact.threadId}`);
  }

  /**
   * The message came without `category_ids` (RingCentral's own sample has none) and the thread's
   * are not known: RCED is asked (`GET /content_threads/{id}`) by an effect, outside this
   * transaction, and the message is decided when the answer comes back as `bot.thread_read`.
   */
  private async readThreadFirst(fact: ContentFact, manager: EntityManager): Promise<void> {
    await new ConversationRepository(manager).savePendingTurn(fact);
    await recordEffects(manager, [
      {
        id: `read-thread:${fact.contentId}`,
        kind: READ_THREAD_KIND,
        sequenceKey: fact.threadId,
        payload: { threadId: fact.threadId, contentId: fact.contentId } satisfies ReadThreadPayload,
      },
    ]);
    this.logger.debug(
      `Categories of thread ${fact.threadId} unknown: read before answering ${fact.contentId}`,
    );
  }

  private skipped(fact: ContentFact, reason: SkipReason): void {
    this.logger.debug(`No bot answer to ${fact.contentId} on thread ${fact.threadId}: ${reason}`);
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
