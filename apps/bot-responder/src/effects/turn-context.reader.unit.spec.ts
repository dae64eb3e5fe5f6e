import {
  EngageApiError,
  EngageApiErrorCode,
  type EngageContent,
  type EngageIdentity,
} from '@handover/engage-client';
import { aTurn } from '../bot-engine/testing/bot-turn.fixture';
import { type TurnContextPlatform, TurnContextReader } from './turn-context.reader';

const CAMILLE: EngageIdentity = {
  id: 'identity-1',
  display_name: 'Camille Martin',
  screenname: 'camille',
  uuid: 'u-1',
  email: 'camille@example.test',
  firstname: 'Camille',
  lastname: 'Martin',
};

/** RCED as far as the reader reads it, counting what it is asked. */
class FakePlatform implements TurnContextPlatform {
  readonly asked: string[] = [];
  identityFails = false;

  getIdentity(id: string): Promise<EngageIdentity> {
    this.asked.push(`identity ${id}`);
    if (this.identityFails) {
      return Promise.reject(new EngageApiError(EngageApiErrorCode.ClientError, 'GET /identities/:id', 404));
    }
    return Promise.resolve({ ...CAMILLE, id });
  }

  getContent(id: string): Promise<EngageContent> {
    this.asked.push(`content ${id}`);
    return Promise.resolve({
      id,
      attachments: [
        {
          id: 'a1',
          content_type: 'image/jpeg',
          filename: 'colis.jpg',
          url: 'https://acme.engagement.dimelo.com/attachments/a1',
        },
        { id: 'a2', content_type: null, filename: null, url: null },
      ],
    } as EngageContent);
  }
}

/** The shared quota, granting at most `room` slots per take. */
class FakeQuota {
  readonly ended: string[] = [];
  private next = 0;

  constructor(public room: number) {}

  take(wanted: number): Promise<{ ids: string[] }> {
    const granted = Math.min(wanted, this.room);
    return Promise.resolve({ ids: Array.from({ length: granted }, () => `slot-${this.next++}`) });
  }

  end(ids: readonly string[]): Promise<void> {
    this.ended.push(...ids);
    return Promise.resolve();
  }

  giveBack(): Promise<void> {
    return Promise.resolve();
  }
}

const turnWith = (authorId: string | null, withAttachment: string[]) =>
  aTurn({
    authorId,
    messages: ['c1', 'c2'].map((contentId) => ({
      contentId,
      text: contentId,
      sentAt: '2026-12-06T09:00:00.000Z',
      hasAttachment: withAttachment.includes(contentId),
    })),
  });

describe(TurnContextReader.name, () => {
  let platform: FakePlatform;
  let quota: FakeQuota;
  let clock: number;
  let reader: TurnContextReader;

  beforeEach(() => {
    platform = new FakePlatform();
    quota = new FakeQuota(10);
    clock = 0;
    reader = new TurnContextReader(platform, quota, { identityTtlMs: 60_000 }, () => clock);
  });

  it("should give the bot the author's identity and the attachments of the messages that have some", async () => {
    const turn = await reader.withContext(turnWith('identity-1', ['c2']));

    expect(turn.identity).toEqual({
      id: 'identity-1',
      display_name: 'Camille Martin',
      screenname: 'camille',
      firstname: 'Camille',
      lastname: 'Martin',
      email: 'camille@example.test',
      mobile_phone: null,
      foreign_id: null,
      uuid: 'u-1',
    });
    expect(turn.messages.map((message) => message.attachments)).toEqual([
      [],
      [{ type: 'image/jpeg', url: 'https://acme.engagement.dimelo.com/attachments/a1', name: 'colis.jpg' }],
    ]);
    expect(platform.asked).toEqual(['identity identity-1', 'content c2']);
    expect(quota.ended).toEqual(['slot-0', 'slot-1']);
  });

  it('should read an author once while the identity is fresh, and again after', async () => {
    await reader.withContext(turnWith('identity-1', []));
    clock = 59_000;
    await reader.withContext(turnWith('identity-1', []));
    clock = 61_000;
    await reader.withContext(turnWith('identity-1', []));

    expect(platform.asked).toEqual(['identity identity-1', 'identity identity-1']);
  });

  it('should ask the bot without what the quota has no room for, the identity first', async () => {
    quota.room = 1;
    const turn = await reader.withContext(turnWith('identity-1', ['c1', 'c2']));

    expect(turn.identity?.id).toBe('identity-1');
    expect(turn.messages.map((message) => message.attachments)).toEqual([[], []]);
    expect(platform.asked).toEqual(['identity identity-1']);
  });

  it('should ask the bot without an identity RCED refuses, and not keep the refusal', async () => {
    platform.identityFails = true;
    const refused = await reader.withContext(turnWith('identity-1', []));
    platform.identityFails = false;
    const read = await reader.withContext(turnWith('identity-1', []));

    expect(refused.identity).toBeNull();
    expect(read.identity?.id).toBe('identity-1');
    expect(quota.ended).toHaveLength(2);
  });

  it('should read only the parts it is configured for', async () => {
    const attachmentsOnly = new TurnContextReader(platform, quota, { identity: false }, () => clock);
    const turn = await attachmentsOnly.withContext(turnWith('identity-1', ['c1']));

    expect(turn.identity).toBeNull();
    expect(platform.asked).toEqual(['content c1']);
  });

  it('should read nothing for a turn without author or attachments', async () => {
    const turn = await reader.withContext(turnWith(null, []));

    expect(turn.identity).toBeNull();
    expect(platform.asked).toEqual([]);
  });
});
