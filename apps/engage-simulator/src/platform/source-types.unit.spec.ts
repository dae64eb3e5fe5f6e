import { contentResourceType, privateByDefault, threadsCanBeClosed } from './source-types';

describe('source types', () => {
  describe('contentResourceType', () => {
    it('should type contents <source_type>/<kind> as RCED webhooks name them', () => {
      expect(contentResourceType('chat', true)).toBe('chat/message');
      expect(contentResourceType('emails', true)).toBe('emails/email');
      expect(contentResourceType('twtr', false)).toBe('twtr/tweet');
      expect(contentResourceType('twtr', true)).toBe('twtr/private_message');
      expect(contentResourceType('answers', true)).toBe('answers/private_message');
      expect(contentResourceType('engage_messaging', false)).toBe('engage_messaging/message');
    });
  });

  describe('privateByDefault', () => {
    it('should make chat messages and emails private and tweets public', () => {
      expect([privateByDefault('chat'), privateByDefault('emails'), privateByDefault('twtr')]).toEqual([
        true,
        true,
        false,
      ]);
    });
  });

  describe('threadsCanBeClosed', () => {
    it('should allow closing only on the source types closeThread lists', () => {
      const closable = [
        'emails',
        'answers',
        'ideas',
        'messenger',
        'google_plus',
        'lithium',
        'mobile_messaging',
      ];
      expect(closable.every(threadsCanBeClosed)).toBe(true);
      expect(['chat', 'twtr', 'engage_messaging', 'whats_app'].some(threadsCanBeClosed)).toBe(false);
    });
  });
});
