// Reference verifier of handover's signed bot requests (docs/bot-contract.md, "Signed requests").
// Copy it into your bot: it needs nothing but Node.
'use strict';
const { createHmac, timingSafeEqual } = require('node:crypto');

/** Requests older or newer than this are refused, so a captured request cannot be replayed later. */
const REPLAY_WINDOW_SECONDS = 300;

/**
 * True when `rawBody` (the exact bytes received) was signed with `secret` less than five minutes
 * from `nowSeconds`. `headers` are Node's (lower-case names).
 */
function verifySignature(secret, headers, rawBody, nowSeconds = Math.floor(Date.now() / 1000)) {
  const timestamp = Number(headers['x-handover-timestamp']);
  const signature = String(headers['x-handover-signature'] || '');
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > REPLAY_WINDOW_SECONDS) {
    return false;
  }
  const expected = 'v1=' + createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, Buffer.from(expected));
}

module.exports = { REPLAY_WINDOW_SECONDS, verifySignature };
