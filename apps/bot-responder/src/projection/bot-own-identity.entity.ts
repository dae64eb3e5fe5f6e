import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The identities RCED posted our replies as (the token's user's identity on each source, learnt from
 * `content.replied`): a content they authored is ours, never a customer's, whatever its other metadata
 * says.
 */
@Entity({ name: 'bot_own_identity' })
export class BotOwnIdentity {
  @PrimaryColumn({ name: 'identity_id', type: 'text' })
  identityId!: string;

  @Column({ name: 'seen_at', type: 'timestamptz', default: () => 'now()' })
  seenAt!: Date;
}
