import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { secretMatcher } from '@handover/observability';

/**
 * RCED's verification handshake (PubSubHubbub style, ENGAGE_API.md §1.1): answer with exactly the
 * `hub.challenge` value when the mode is `subscribe` and the verify token is ours.
 */
export function answerHandshake(query: Record<string, unknown>, verifyToken: string): string {
  const mode = query['hub.mode'];
  const challenge = query['hub.challenge'];
  const token = query['hub.verify_token'];
  if (typeof mode !== 'string' || typeof challenge !== 'string' || typeof token !== 'string') {
    throw new BadRequestException('hub.mode, hub.challenge and hub.verify_token are required, once each');
  }
  if (mode !== 'subscribe') {
    throw new BadRequestException('hub.mode must be "subscribe"');
  }
  if (!secretMatcher(verifyToken)(token)) {
    throw new ForbiddenException('hub.verify_token does not match');
  }
  return challenge;
}
