import {
  BOT_ANSWER_FAILED,
  BOT_ANSWERED,
  type BotAnswerBody,
  type BotAnsweredEvent,
  type BotAnswerFailedEvent,
  BOT_EVENTS,
} from '@handover/contracts';
import {
  appendToOutbox,
  type EffectExecutor,
  type EffectFailure,
  type EffectToRun,
  storableText,
} from '@handover/event-runtime';
import { type EntityManager } from 'typeorm';
import { type BotEngine } from '../bot-engine';
import { ASK_BOT_KIND, type AskBotPayload } from '../replies/ask-bot';
import { type TurnContextReader } from './turn-context.reader';

/**
 * Asks the bot about a turn, outside any transaction and on the bot's own lane (concurrency,
 * timeout, retries, circuit), and hands the answer back to the consumer as `bot.answered` on the
 * thread's key, so that it is decided in order with the rest of the thread. A crash mid-call asks
 * again once the lease ends, with the same turn id; the decision is made once, on the first answer
 * that comes back.
 */
export class AskBotExecutor implements EffectExecutor<AskBotPayload> {
  readonly kind = ASK_BOT_KIND;

  constructor(
    private readonly engine: BotEngine,
    private readonly context?: TurnContextReader,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async execute(effect: EffectToRun<AskBotPayload>): Promise<Record<string, unknown>> {
    const { turn } = effect.payload;
    const asked =
      this.context && this.engine.takesPlatformContext ? await this.context.withContext(turn) : turn;
    const answer = storableAnswer(await this.engine.answer(asked));
    return { answer, answeredAt: this.now().toISOString() };
  }

  async onDone(
    manager: EntityManager,
    effect: EffectToRun<AskBotPayload>,
    result: Record<string, unknown>,
  ): Promise<void> {
    const event: BotAnsweredEvent = {
      type: BOT_ANSWERED,
      event_id: `${BOT_ANSWERED}:${effect.id}`,
      ...turnOf(effect),
      answer: result.answer as BotAnswerBody,
      answered_at: String(result.answeredAt),
    };
    await appendToOutbox(manager, [BOT_EVENTS.record(event)]);
  }

  /** The failure policy is the decider's: the answer is that there is none. */
  async onFailed(
    manager: EntityManager,
    effect: EffectToRun<AskBotPayload>,
    failure: EffectFailure,
  ): Promise<void> {
    const event: BotAnswerFailedEvent = {
      type: BOT_ANSWER_FAILED,
      event_id: `${BOT_ANSWER_FAILED}:${effect.id}`,
      ...turnOf(effect),
      code: failure.code,
      message: failure.message,
      attempts: failure.attempts,
      failed_at: this.now().toISOString(),
    };
    await appendToOutbox(manager, [BOT_EVENTS.record(event)]);
  }
}

function turnOf(effect: EffectToRun<AskBotPayload>): {
  thread_id: string;
  turn_id: string;
  content_ids: string[];
} {
  const { turn } = effect.payload;
  return {
    thread_id: turn.threadId,
    turn_id: effect.id,
    content_ids: turn.messages.map((message) => message.contentId),
  };
}

/**
 * What a bot says is not trusted to fit Postgres: U+0000 and lone surrogates (valid in JSON) would
 * make the settlement fail again at every attempt.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function storableAnswer(answer: BotAnswerBody): BotAnswerBody {
  const clean = (text: string): string => storableText(text).replace(LONE_SURROGATE, '\uFFFD');
  const cleanOrNull = (text: string | null): string | null => (text === null ? null : clean(text));
  switch (answer.kind) {
    case 'reply':
    case 'resolve':
      return {
        ...answer,
        text: clean(answer.text),
        intent: clean(answer.intent),
        language: clean(answer.language),
      };
    case 'handover':
      return {
        ...answer,
        text: cleanOrNull(answer.text),
        intent: cleanOrNull(answer.intent),
        language: clean(answer.language),
        ...(answer.detail ? { detail: clean(answer.detail) } : {}),
      };
  }
}
