import {
  BOT_ANSWER_FAILED,
  BOT_ANSWERED,
  BOT_EVENTS,
  BOT_THREAD_READ,
  type BotAnsweredEvent,
  type BotAnswerFailedEvent,
  type BotThreadReadEvent,
  ENGAGE_EVENTS,
  type EngageEvent,
} from '@handover/contracts';
import { type AnyEventHandler, appendToOutbox, recordEffects } from '@handover/event-runtime';
import { Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type BotEngine, type BotTurn } from '../bot-engine';
import { BotAskRepository } from '../projection/bot-ask.repository';
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
import { ASK_BOT_KIND, type AskBotPayload } from './ask-bot';
import {
  attachmentOnlyOutcome,
  failedAnswerOutcome,
  type BotOutcome,
  decideReply,
  messageSkipReason,
  type ReplyPolicy,
  type SkipReason,
  skipReason,
} from './reply.decider';

export type Clock = () => Date;

/**
 * Decides the bot's answers (live only; the projectors ran first, so the thread is up to date). A
 * customer's message the bot should answer records a turn (an `ask_bot` effect, run on the bot's own
 * lane outside any transaction); messages that come while the bot is thinking wait, and are its next
 * turn, together. The answer comes back as `bot.answered` (or `bot.answer_failed`) in the thread's
 * order: the message is checked again (an agent may hold the thread by now), and the decision is
 * recorded with the platform calls it needs, in the batch transaction. A message whose thread's
 * categories are unknown first waits for a read of the thread (an effect) to come back as
 * `bot.thread_read`.
 */
export class ReplyReactor {
  private readonly logger = new Logger(ReplyReactor.name);
  private readonly knownOwnIdentities = new Set<string>();

  /** `inProcess`: an engine that answers from memory (BotEngine.inProcess), asked right here. */
  constructor(
    private readonly policy: ReplyPolicy,
    private readonly now: Clock,
    private readonly inProcess?: BotEngine,
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
      {
        name: 'bot answers',
        contract: BOT_EVENTS,
        types: [BOT_ANSWERED, BOT_ANSWER_FAILED],
        handle: (event: BotAnsweredEvent | BotAnswerFailedEvent, { batch }) =>
          this.onTurnAnswered(event, batch.manager, ThreadRepository.of(batch)),
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
    if (observedCategories(thread) === null) {
      await this.readThreadFirst(fact, manager);
      return;
    }
    const skip = await this.skipNow(fact, thread, new ConversationRepository(manager), 'arrived');
    if (skip !== null) {
      this.skipped(fact, skip);
      return;
    }
    if (fact.body.trim() === '') {
      await this.decide(fact, thread, attachmentOnlyOutcome(fact, this.policy), threads, manager);
      return;
    }
    if (this.inProcess) {
      await this.decide(fact, thread, await this.answerNow(this.inProcess, fact, thread), threads, manager);
      return;
    }
    const asks = new BotAskRepository(manager);
    if (await asks.waitIfAsking(fact)) {
      this.logger.debug(`${fact.contentId} waits for the bot's answer on thread ${fact.threadId}: next turn`);
      return;
    }
    await this.ask([fact], thread, asks, manager);
  }

  /**
   * The bot answered a turn (or could not): decided now, in the thread's order, unless the thread
   * changed hands meanwhile; then the messages that came while it was thinking are its next turn.
   */
  private async onTurnAnswered(
    event: BotAnsweredEvent | BotAnswerFailedEvent,
    manager: EntityManager,
    threads: ThreadRepository,
  ): Promise<void> {
    const asks = new BotAskRepository(manager);
    const turn = await asks.finishTurn(event.thread_id, event.turn_id);
    const fact = turn?.asked.at(-1);
    if (!turn || !fact) {
      return;
    }
    if (event.type === BOT_ANSWER_FAILED) {
      this.logger.warn(
        `The bot could not answer ${event.turn_id} on thread ${event.thread_id}: ${event.code}`,
      );
    }
    const repository = new ConversationRepository(manager);
    let thread = await threads.get(event.thread_id);
    const skip = await this.skipNow(fact, thread, repository, 'answered');
    if (skip !== null) {
      this.skipped(fact, skip);
    } else {
      const outcome: BotOutcome =
        event.type === BOT_ANSWERED ? event.answer : failedAnswerOutcome(fact, this.policy, event.code);
      thread = await this.decide(fact, thread, outcome, threads, manager);
    }
    const next = turn.waiting.at(-1);
    if (next === undefined) {
      return;
    }
    const nextSkip = await this.skipNow(next, thread, repository, 'answered');
    if (nextSkip !== null) {
      turn.waiting.forEach((waiting) => this.skipped(waiting, nextSkip));
      return;
    }
    await this.ask(turn.waiting, thread, asks, manager);
  }

  /**
   * Whether the bot answers `fact` now; null means it does. When a message `arrived`, one the bot was
   * already asked about is a redelivery; when its turn was `answered`, that is expected.
   */
  private async skipNow(
    fact: ContentFact,
    thread: ThreadState,
    repository: ConversationRepository,
    moment: 'arrived' | 'answered',
  ): Promise<SkipReason | null> {
    const observed = observedCategories(thread);
    if (observed === null) {
      return 'categories_unknown';
    }
    const { categoryIds } = observed;
    const free = { categoryIds, emergencies: [], alreadyAnswered: false, ownIdentity: false };
    const cheap = skipReason(fact, thread, free, this.policy);
    if (cheap !== null) {
      return cheap;
    }
    const context = await repository.decisionContext(fact.issuedAt, fact.contentId, fact.authorId);
    const alreadyAnswered = context.alreadyAnswered || (moment === 'arrived' && context.asked);
    return skipReason(fact, thread, { ...context, categoryIds, alreadyAnswered }, this.policy);
  }

  /** An engine without I/O cannot hold the transaction; one that fails still leaves nobody unanswered. */
  private async answerNow(engine: BotEngine, fact: ContentFact, thread: ThreadState): Promise<BotOutcome> {
    try {
      return await engine.answer(this.turnOf([fact], thread));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      this.logger.warn(
        `The bot could not answer ${fact.contentId}: ${error instanceof Error ? error.message : 'error'}`,
      );
      return failedAnswerOutcome(fact, this.policy, typeof code === 'string' ? code : 'unknown_error');
    }
  }

  /** The bot is asked about these messages (oldest first) by an effect on its own lane. */
  private async ask(
    facts: readonly ContentFact[],
    thread: ThreadState,
    asks: BotAskRepository,
    manager: EntityManager,
  ): Promise<void> {
    const turn = this.turnOf(facts, thread);
    await asks.startTurn(turn.threadId, turn.turnId, facts);
    await recordEffects(manager, [
      {
        id: turn.turnId,
        kind: ASK_BOT_KIND,
        sequenceKey: turn.threadId,
        payload: { turn } satisfies AskBotPayload,
      },
    ]);
  }

  private turnOf(facts: readonly ContentFact[], thread: ThreadState): BotTurn {
    const first = facts[0];
    const last = facts[facts.length - 1];
    const messages = facts.map((fact) => ({
      contentId: fact.contentId,
      text: fact.body,
      sentAt: fact.issuedAt,
      hasAttachment: fact.hasAttachment,
    }));
    // The projector already added the turn's messages: the transcript is everything else.
    const inTurn = new Set(messages.map((message) => `${message.sentAt}|${message.text}`));
    return {
      turnId: `ask:${first.contentId}`,
      threadId: last.threadId,
      contentId: last.contentId,
      text: messages.map((message) => message.text).join('\n'),
      messages,
      language: last.language ?? facts.find((fact) => fact.language !== null)?.language ?? null,
      sourceId: thread.sourceId ?? last.sourceId,
      sourceType: last.sourceType ?? null,
      authorId: last.authorId,
      interventionId: last.interventionId ?? thread.interventionId,
      sentAt: last.issuedAt,
      transcript: transcriptOf(thread).filter(
        (line) => line.from !== 'customer' || !inTurn.has(`${line.at}|${line.text}`),
      ),
    };
  }

  private async decide(
    fact: ContentFact,
    thread: ThreadState,
    outcome: BotOutcome,
    threads: ThreadRepository,
    manager: EntityManager,
  ): Promise<ThreadState> {
    const { event, effects } = decideReply(fact, thread, outcome, this.policy, this.now());
    await new ConversationRepository(manager).recordDecision(event);
    await recordEffects(manager, effects);
    await appendToOutbox(manager, [BOT_EVENTS.record(event)]);
    const decided = evolveWithDecision(thread, event);
    threads.setTurns(decided);
    this.logger.log(`${event.type} for ${fact.contentId} on thread ${fact.threadId}`);
    return decided;
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
}
