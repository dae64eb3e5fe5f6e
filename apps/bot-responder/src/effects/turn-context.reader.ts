import { type EngageContent, type EngageIdentity } from '@handover/engage-client';
import { type PlatformQuota } from '@handover/event-runtime';
import { Logger } from '@nestjs/common';
import { type BotTurn, type TurnAttachment, type TurnIdentity } from '../bot-engine';

/** The platform reads a turn's context needs (EngageClient has them). */
export interface TurnContextPlatform {
  getIdentity(id: string): Promise<EngageIdentity>;
  getContent(id: string): Promise<EngageContent>;
}

export interface TurnContextOptions {
  /** Which parts are read (BOT_HTTP_TURN_CONTEXT). */
  identity: boolean;
  attachments: boolean;
  /** How long an identity read is reused for the same author. */
  identityTtlMs: number;
  /** Identities kept at most (the oldest read is forgotten first). */
  maxIdentities: number;
  /** The quota slots' lease: longer than a read can take. */
  leaseMs: number;
}

const DEFAULTS: TurnContextOptions = {
  identity: true,
  attachments: true,
  identityTtlMs: 10 * 60_000,
  maxIdentities: 10_000,
  leaseMs: 30_000,
};

/**
 * Reads what the webhook does not carry, for engines that pass it to the bot: the author's identity
 * (GET /1.0/identities/{id}, reused per author for a while) and the attachments of the turn's
 * messages that have some (GET /1.0/contents/{id}). The reads spend the shared platform quota at
 * high priority, like the reply they precede.
 *
 * Best effort: a read the quota has no room for, or that RCED refuses, leaves that part out (identity
 * null, attachments empty) and the bot is asked anyway. A customer is never left waiting for
 * context the bot can do without.
 */
export class TurnContextReader {
  private readonly logger = new Logger(TurnContextReader.name);
  private readonly identities = new Map<string, { identity: TurnIdentity; readAt: number }>();
  private readonly options: TurnContextOptions;

  constructor(
    private readonly platform: TurnContextPlatform,
    private readonly quota: Pick<PlatformQuota, 'take' | 'end' | 'giveBack'> | undefined,
    options: Partial<TurnContextOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  async withContext(turn: BotTurn): Promise<BotTurn> {
    const authorId = this.options.identity ? (turn.authorId ?? null) : null;
    const cached = authorId === null ? undefined : this.cachedIdentity(authorId);
    const contentIds = this.options.attachments
      ? turn.messages.filter((message) => message.hasAttachment).map((m) => m.contentId)
      : [];
    const reads = contentIds.length + (authorId !== null && !cached ? 1 : 0);
    const slots = await this.takeSlots(reads);
    try {
      const readIdentity = authorId !== null && !cached && slots.length > 0;
      const contentSlots = slots.length - (readIdentity ? 1 : 0);
      const [identity, attachments] = await Promise.all([
        readIdentity ? this.readIdentity(authorId) : Promise.resolve(cached ?? null),
        Promise.all(contentIds.slice(0, contentSlots).map((id) => this.readAttachments(id))),
      ]);
      const byContent = new Map(
        contentIds.slice(0, contentSlots).map((id, index) => [id, attachments[index]]),
      );
      return {
        ...turn,
        identity,
        messages: turn.messages.map((message) => ({
          ...message,
          attachments: byContent.get(message.contentId) ?? [],
        })),
      };
    } finally {
      await this.endSlots(slots);
    }
  }

  private cachedIdentity(authorId: string): TurnIdentity | undefined {
    const entry = this.identities.get(authorId);
    if (entry && this.now() - entry.readAt < this.options.identityTtlMs) {
      return entry.identity;
    }
    return undefined;
  }

  private async readIdentity(authorId: string): Promise<TurnIdentity | null> {
    try {
      const identity = identityOf(await this.platform.getIdentity(authorId));
      this.identities.delete(authorId);
      this.identities.set(authorId, { identity, readAt: this.now() });
      if (this.identities.size > this.options.maxIdentities) {
        this.identities.delete(this.identities.keys().next().value as string);
      }
      return identity;
    } catch (error) {
      this.logger.warn(`The bot is asked without the customer's identity ${authorId}: ${reasonOf(error)}`);
      return null;
    }
  }

  private async readAttachments(contentId: string): Promise<TurnAttachment[]> {
    try {
      const content = await this.platform.getContent(contentId);
      return (content.attachments ?? []).flatMap((attachment) =>
        typeof attachment.url === 'string' && attachment.url
          ? [
              {
                type: attachment.content_type || 'application/octet-stream',
                url: attachment.url,
                name: attachment.filename ?? null,
              },
            ]
          : [],
      );
    } catch (error) {
      this.logger.warn(`The bot is asked without the attachments of ${contentId}: ${reasonOf(error)}`);
      return [];
    }
  }

  private async takeSlots(reads: number): Promise<readonly string[]> {
    if (reads === 0) {
      return [];
    }
    if (!this.quota) {
      return Array.from({ length: reads }, (_, index) => `unmetered-${index}`);
    }
    try {
      const grant = await this.quota.take(reads, 'high', this.options.leaseMs);
      if (grant.ids.length < reads) {
        this.logger.warn(
          `The platform quota allowed ${grant.ids.length} of the turn's ${reads} context reads`,
        );
      }
      return grant.ids;
    } catch (error) {
      this.logger.warn(`The bot is asked without context: the quota could not be read: ${reasonOf(error)}`);
      return [];
    }
  }

  private async endSlots(slots: readonly string[]): Promise<void> {
    if (!this.quota || slots.length === 0) {
      return;
    }
    // If this fails, the slots count until their lease ends and a window more: the safe side.
    await this.quota.end(slots).catch((error: unknown) => {
      this.logger.warn(`Could not end quota slots: ${reasonOf(error)}`);
    });
  }
}

function identityOf(identity: EngageIdentity): TurnIdentity {
  return {
    id: String(identity.id),
    display_name: identity.display_name ?? null,
    screenname: identity.screenname ?? null,
    firstname: identity.firstname ?? null,
    lastname: identity.lastname ?? null,
    email: identity.email ?? null,
    mobile_phone: identity.mobile_phone ?? null,
    foreign_id: identity.foreign_id ?? null,
    uuid: identity.uuid ?? null,
  };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}
