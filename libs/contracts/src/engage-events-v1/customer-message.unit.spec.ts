import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCustomerMessage, notCustomerReason } from './customer-message';

const seedMetadata = (): Record<string, unknown> => {
  const envelope = JSON.parse(
    readFileSync(join(__dirname, '../../../../test/fixtures/seed-content-imported.json'), 'utf8'),
  ) as { events: Array<{ resource: { metadata: Record<string, unknown> } }> };
  return envelope.events[0].resource.metadata;
};

describe('notCustomerReason', () => {
  it("should take the seed walkthrough's customer message for a customer's", () => {
    expect(notCustomerReason(seedMetadata())).toBeNull();
  });

  it.each([
    ['a brand post made on the page itself', { status: 'user_initiated', created_from: 'synchronizer' }],
    ["the chat's automatic welcome message", { status: 'user_reply', created_from: 'synchronizer' }],
  ])('should not take %s for a customer message', (_name, metadata) => {
    expect(notCustomerReason({ ...seedMetadata(), ...metadata })).toBe('brand_content');
  });

  it('should not take content written in RCED, by an agent or through the API, for a customer message', () => {
    expect(notCustomerReason({ ...seedMetadata(), creator_id: '5be1c0b4e20311250379c202' })).toBe(
      'created_in_engage',
    );
    expect(notCustomerReason({ ...seedMetadata(), created_from: 'interface' })).toBe('created_in_engage');
  });

  it('should not take an archived content for a customer message to answer', () => {
    expect(notCustomerReason({ ...seedMetadata(), status: 'ignored' })).toBe('ignored');
  });

  it('should not take a content written by one of our own identities for a customer message', () => {
    const metadata: Record<string, unknown> = {
      ...seedMetadata(),
      status: undefined,
      created_from: undefined,
    };
    expect(isCustomerMessage(metadata, new Set([String(metadata.author_id)]))).toBe(false);
    expect(isCustomerMessage(metadata, new Set(['someone-else']))).toBe(true);
  });

  it('should answer a customer whose message carries a status it does not know, or none', () => {
    expect(isCustomerMessage({ ...seedMetadata(), status: 'some_new_status' })).toBe(true);
    expect(isCustomerMessage({ body: 'Bonjour' })).toBe(true);
  });
});
