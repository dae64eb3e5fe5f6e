import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { answerHandshake } from './webhook-handshake';

const TOKEN = 'verify-me';

describe('answerHandshake', () => {
  it('should answer with exactly the challenge when mode and token are right', () => {
    const challenge = ' 0x1F é "quoted" ';

    expect(
      answerHandshake(
        { 'hub.mode': 'subscribe', 'hub.challenge': challenge, 'hub.verify_token': TOKEN },
        TOKEN,
      ),
    ).toBe(challenge);
  });

  it('should refuse a wrong token with 403', () => {
    expect(() =>
      answerHandshake({ 'hub.mode': 'subscribe', 'hub.challenge': 'c', 'hub.verify_token': 'nope' }, TOKEN),
    ).toThrow(ForbiddenException);
  });

  it.each([
    [{ 'hub.challenge': 'c', 'hub.verify_token': TOKEN }],
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN }],
    [{ 'hub.mode': 'subscribe', 'hub.challenge': 'c' }],
    [{ 'hub.mode': 'subscribe', 'hub.challenge': ['a', 'b'], 'hub.verify_token': TOKEN }],
    [{ 'hub.mode': 'unsubscribe', 'hub.challenge': 'c', 'hub.verify_token': TOKEN }],
  ])('should refuse missing, repeated or wrong parameters with 400: %p', (query) => {
    expect(() => answerHandshake(query, TOKEN)).toThrow(BadRequestException);
  });
});
