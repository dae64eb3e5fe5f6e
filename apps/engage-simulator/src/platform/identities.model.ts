import { type PlatformContext } from './platform-context';
import { type IdentityRecord, type SourceRecord } from './platform.types';

export interface CustomerIdentity {
  name?: string;
  screenname?: string;
  email?: string;
}

/** Identities: of customers as the source imports them, of the brand on each source, of agents. */
export class IdentitiesModel {
  constructor(private readonly ctx: PlatformContext) {}

  /**
   * A customer new to the source. Its `uuid` is its handle on Twitter (engage-digital-chatbot-js
   * mentions `@<uuid>` to answer a tweet), a fresh id elsewhere [INF]; an email customer has an address.
   */
  customer(source: SourceRecord, fields: CustomerIdentity): IdentityRecord {
    const name = fields.name ?? 'Customer';
    const screenname = fields.screenname ?? slug(name);
    return this.add({
      display_name: name,
      screenname,
      uuid: source.type === 'twtr' ? screenname : this.ctx.newId(),
      email: fields.email ?? (source.type === 'emails' ? `${screenname}@customer.test` : null),
      firstname: name,
      lastname: null,
      user_ids: [],
      source_id: source.id,
    });
  }

  /** The brand's identity on the source, created the first time a seed did not name one. */
  brandOf(source: SourceRecord): string {
    source.brand_identity_id ??= this.add({
      display_name: source.name,
      screenname: slug(source.name),
      uuid: slug(source.name),
      email: null,
      firstname: null,
      lastname: null,
      user_ids: [],
      source_id: source.id,
    }).id;
    return source.brand_identity_id;
  }

  /** SPEC createContent `author_id`: "by default it use the token's user first identity on source". */
  authorFor(userId: string): string {
    const user = this.ctx.state.user(userId);
    if (user.identity_ids.length === 0) {
      const identity = this.add({
        display_name: `${user.firstname} ${user.lastname}`,
        screenname: null,
        uuid: null,
        email: user.email,
        firstname: user.firstname,
        lastname: user.lastname,
        user_ids: [user.id],
        source_id: null,
      });
      user.identity_ids.push(identity.id);
    }
    return user.identity_ids[0];
  }

  private add(fields: Omit<IdentityRecord, 'id' | 'foreign_id' | 'created_at'>): IdentityRecord {
    const identity: IdentityRecord = {
      id: this.ctx.newId(),
      foreign_id: null,
      created_at: this.ctx.now(),
      ...fields,
    };
    this.ctx.state.identities.set(identity.id, identity);
    return identity;
  }
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'customer'
  );
}
