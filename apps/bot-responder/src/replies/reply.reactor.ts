import {
  BOT_EVENTS,
  BOT_THREAD_READ,
  type BotThreadReadEvent,
  ENGAGE_EVENTS,
  type EngageEvent,
} from '@handover/contracts';
import { type AnyEventHandler, appendToOutbox, recordEffects } from '@handover/event-runtime';
import { Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type BotEngine } from '../bot-engine';
import { ConversationRepository } from '../projection/conversation.repository';
import { ThreadRepository } from '../projection/thread.repository';
import {
  evolveWithDecision,
  observedCategories,
  type ThreadState,
  transcriptOf,
} from '../projection/thread-state';
import { type ContentFact, contentFact } from '../projection/content-fact';
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

export type Clock = () => Date;

/**
 * Decides the bot's answers (live only; the projectors ran first, so the thread is up to date): a
 * customer's message asks the bot, and the decision is recorded with the platform calls it needs
 * and applied to the projection, all in the batch transaction. A message whose thread's categories
 * are unknown waits for a read of the thread (an effect) to come back as `bot.thread_read`.
 */
export class ReplyReactor {
  private readonly logger = new Logger(ReplyReactor.name);
  private readonly knownOwnIdentities = new Set<string>();

  constructor(
    private readonly engine: BotEngine,
    private readonly policy: ReplyPolicy,
    private readonly now: Clock,
  ) {}

  handlers(): readonly AnyEventHandler[] {
    return [
      {
        name: 'customer messages',
        contract: ENGAGE_EVENTS,
        types: ['content.imported'],
        handle: (event: EngageEvent, { batch }) =>
          this.onContentImported(event, batch.manager, ThreadRepository.of(batch)),
      },
      {
        name: 'own contents',
        contract: ENGAGE_EVENTS,
        types: ['content.replied'],
        // Most replies are ours, by an identity known already: no transaction for them.
        takes: (event: EngageEvent) => this.newOwnIdentity(event) !== null,
        handle: (event: EngageEvent, { manager }) => this.onContentReplied(event, manager),
      },
      {
        name: 'waiting messages',
        contract: BOT_EVENTS,
        types: [BOT_THREAD_READ],
        handle: (event: BotThreadReadEvent, { batch }) =>
          this.onThreadRead(event, batch.manager, ThreadRepository.of(batch)),
      },
    ];
  }

  private async onContentImported(
    event: EngageEvent,
    manager: EntityManager,
    threads: ThreadRepository,
  ): Promise<void> {
    const fact = contentFact(event);
    if (fact) {
      await this.maybeAnswer(fact, await threads.get(fact.threadId), threads, manager);
    }
  }

  /**
   * What RCED reports written through the API (`content.replied`, events.md): a content our token's
   * user (BOT_USER_ID) created was posted as one of our identities; a content that identity authors
   * is never a customer's, even if a source imports it back without RCED's markers.
   */
  private async onContentReplied(event: EngageEvent, manager: EntityManager): Promise<void> {
    const authorId = this.newOwnIdentity(event);
    if (authorId !== null) {
      await new ConversationRepository(manager).saveOwnIdentity(authorId);
      this.knownOwnIdentities.add(authorId);
    }
  }

  /** The identity a content our token's user created was posted as, when not known yet. */
  private newOwnIdentity(event: EngageEvent): string | null {
    const { metadata } = event.resource;
    const authorId = typeof metadata.author_id === 'string' ? metadata.author_id : null;
    const ours = metadata.creator_id === this.policy.botUserId;
    return ours && authorId !== null && !this.knownOwnIdentities.has(authorId) ? authorId : null;
  }

  /** The thread's categories, read for a waiting message: now it can be decided. */
  private async onThreadRead(
    event: BotThreadReadEvent,
    manager: EntityManager,
    threads: ThreadRepository,
  ): Promise<void> {
    const thread = await threads.get(event.thread_id);
    const fact = await new ConversationRepository(manager).takePendingTurn(event.content_id);
    if (fact === null) {
      return;
    }
    if (event.category_ids === null) {
      this.skipped(fact, 'categories_unknown');
    } else if (thread.lastCustomerContentId !== fact.contentId) {
      // A newer message came meanwhile and is (or will be) answered: one answer, to the latest.
      this.skipped(fact, 'superseded');
    } else {
      await this.maybeAnswer(fact, thread, threads, manager);
    }
  }

  private async maybeAnswer(
    fact: ContentFact,
    thread: ThreadState,
    threads: ThreadRepository,
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
        { categoryIds, ...(await repository.decisionContext(fact.issuedAt, fact.contentId, fact.authorId)) },
        this.policy,
      );
    if (skip !== null) {
      this.skipped(fact, skip);
      return;
    }
    const outcome =
      fact.body.trim() === '' ? attachmentOnlyOutcome(fact, this.policy) : await this.ask(fact, thread);
    const { event, effects } = decideReply(fact, thread, outcome, this.policy, this.now());
    await repository.recordDecision(event);
    await recordEffects(manager, effects);
    await appendToOutbox(manager, [BOT_EVENTS.record(event)]);
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
  private async ask(fact: ContentFact, thread: ThreadState): Promise<BotOutcome> {
    try {
      return await this.engine.answer({
        turnId: `ask:${fact.contentId}`,
        messages: [{ contentId: fact.contentId, text: fact.body, sentAt: fact.issuedAt }],
        threadId: fact.threadId,
        contentId: fact.contentId,
        text: fact.body,
        language: fact.language,
        sourceId: thread.sourceId ?? fact.sourceId,
        interventionId: fact.interventionId ?? thread.interventionId,
        sentAt: fact.issuedAt,
        // The projector already added this message: the transcript is what came before it.
        transcript: transcriptOf(thread).filter((line) => line.at < fact.issuedAt),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Bot engine failed for ${fact.contentId}: ${message}`);
      return { kind: 'error', message };
    }
  }
}
