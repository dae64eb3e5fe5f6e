import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-handover-signature';
export const TIMESTAMP_HEADER = 'x-handover-timestamp';

/**
 * The headers of a signed bot request (docs/bot-contract.md, "Signed requests"): the Unix time in
 * seconds, and `v1=` + hex HMAC-SHA256 of `<timestamp>.<body>` under the shared secret. The bot
 * refuses a timestamp more than five minutes away (examples/http-bot/verify-signature.js).
 */
export function signatureHeaders(secret: string, body: string, nowSeconds: number): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`${nowSeconds}.`).update(body).digest('hex');
  return { [TIMESTAMP_HEADER]: String(nowSeconds), [SIGNATURE_HEADER]: `v1=${signature}` };
}
