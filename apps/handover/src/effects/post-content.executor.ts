import { EngageClient, type EngageContent } from '@handover/engage-client';
import { type EffectExecutor, type EffectFailure, type EffectToRun } from '@handover/kafka';
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
  /** A read before the write (or the author's handle, or the thread after a refusal). */
  readonly callsPerRun = 2;

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
    return resultOf(await this.client.createContent(await this.fieldsOf(effect.payload)));
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
