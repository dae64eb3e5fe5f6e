import { type EngageEvent } from './engage-event';
import { replyFields, replyTargetOf } from './reply-target';

const event = (type: string, metadata: Record<string, unknown>): EngageEvent => ({
  type: 'content.imported',
  id: 'e1',
  issued_at: '2026-01-01T00:00:00.000Z',
  resource: { type, id: 'c1', metadata: { thread_id: 't1', author_id: 'a1', ...metadata } },
});

const target = (type: string, metadata: Record<string, unknown>) => replyTargetOf(event(type, metadata))!;

describe('replyFields', () => {
  it("should answer a private chat message privately, as the seed's chat messages are private", () => {
    expect(replyFields(target('chat/message', { private: true }), 'Bonjour')).toEqual({
      inReplyToId: 'c1',
      body: 'Bonjour',
      private: true,
    });
  });

  it('should answer a public message publicly', () => {
    expect(replyFields(target('messenger/message', { private: false }), 'Hi')).toEqual({
      inReplyToId: 'c1',
      body: 'Hi',
    });
  });

  it("should answer an email to its sender and copies, with the thread's subject", () => {
    const fields = replyFields(
      target('emails/email', {
        private: true,
        from: 'ann@example.com',
        cc: ['bob@example.com'],
        bcc: [],
        thread_title: 'My order',
      }),
      'Hello Ann',
    );
    expect(fields).toEqual({
      inReplyToId: 'c1',
      body: 'Hello Ann',
      private: true,
      title: 'Re: My order',
      to: ['ann@example.com'],
      cc: ['bob@example.com'],
    });
  });

  it("should mention a public tweet's author, and not a direct message's", () => {
    expect(replyFields(target('twtr/tweet', { private: false }), 'Hi', 'ann').body).toBe('@ann Hi');
    expect(replyFields(target('twtr/private_message', { private: true }), 'Hi', 'ann').body).toBe('Hi');
  });
});
