import { type ReplyFields } from '@handover/contracts';
import { EngageApiError, EngageClient, type EngageContent } from '@handover/engage-client';
import { type EffectExecutor, type EffectFailure, type EffectToRun } from '@handover/event-runtime';
import { type EntityManager } from 'typeorm';
import { type AgentNotePayload, EFFECT_KINDS, type PostContentPayload } from '../routing/routing-effects';
import { type AgentNoteExecutor } from './agent-note.executor';
import { publishEffectFailed } from './handover-effect-failed.publisher';

/** Recorded before notices carried the customer's reply target; `private-note:*` ones were agent notes. */
interface LegacyPostContentPayload {
  threadId: string;
  inReplyToId: string;
  body: string;
  private: boolean;
}

type Payload = PostContentPayload | LegacyPostContentPayload;

/**
 * A text to the customer (waiting notice, reminder, offline notice), fitted to their message's
 * source: as private as it was, to its email recipients (docs/replies-per-source.md).
 * `POST /contents` is not idempotent: after an attempt whose outcome is unknown, the worker first
 * looks for the content in the thread.
 */
export class PostContentExecutor implements EffectExecutor<Payload> {
  readonly kind = EFFECT_KINDS.postContent;
  /** The author's handle for a tweet, the post, and on a refusal an intervention opened and the post again. */
  readonly callsPerRun = 4;

  constructor(
    private readonly client: EngageClient,
    private readonly agentNotes: AgentNoteExecutor,
  ) {}

  async execute(effect: EffectToRun<Payload>): Promise<Record<string, unknown>> {
    const note = legacyAgentNote(effect);
    if (note) {
      // An agent note recorded by an older version as a private content: it must never reach the customer.
      return this.agentNotes.execute(note);
    }
    return resultOf(await this.post(await this.fieldsOf(effect.payload)));
  }

  async reconcile(effect: EffectToRun<Payload>): Promise<Record<string, unknown> | undefined> {
    const note = legacyAgentNote(effect);
    if (note) {
      return this.agentNotes.reconcile(note);
    }
    const fields = await this.fieldsOf(effect.payload);
    const content = await this.client.findReply(effect.payload.threadId, fields.inReplyToId, fields.body);
    return content ? resultOf(content) : undefined;
  }

  onFailed(manager: EntityManager, effect: EffectToRun<Payload>, failure: EffectFailure): Promise<void> {
    return publishEffectFailed(manager, effect, failure);
  }

  /**
   * RCED refuses a reply to a content not under an open intervention (SPEC createContent, 422). The
   * bot opens one before its own reply, but handover may tell a customer they wait before the bot's
   * call has run: it then opens it itself (`POST /interventions` creates or reopens it as the token's
   * user; a 422 there means it is open now) and posts again. The refusal proves the first post did
   * not happen.
   */
  private async post(fields: ReplyFields): Promise<EngageContent> {
    try {
      return await this.client.createContent(fields);
    } catch (error) {
      if (!(error instanceof EngageApiError && error.status === 422)) {
        throw error;
      }
      await this.client.createIntervention(fields.inReplyToId).catch((opening: unknown) => {
        if (!(opening instanceof EngageApiError && opening.status === 422)) {
          throw opening;
        }
      });
      return this.client.createContent(fields);
    }
  }

  private fieldsOf(payload: Payload): ReturnType<EngageClient['replyFieldsFor']> {
    return 'target' in payload
      ? this.client.replyFieldsFor(payload.target, payload.body)
      : Promise.resolve({ inReplyToId: payload.inReplyToId, body: payload.body });
  }
}

function legacyAgentNote(effect: EffectToRun<Payload>): EffectToRun<AgentNotePayload> | undefined {
  const { payload } = effect;
  if ('target' in payload || !payload.private) {
    return undefined;
  }
  return {
    ...effect,
    payload: { threadId: payload.threadId, contentId: payload.inReplyToId, body: payload.body },
  };
}

function resultOf(content: EngageContent): Record<string, unknown> {
  return { contentId: content.id };
}
