// A bot for handover's `http` engine (docs/bot-contract.md): `node examples/http-bot/bot.js`, then
// BOT_ENGINE=http BOT_HTTP_URL=http://localhost:4000/turn BOT_HTTP_AUTH=hmac BOT_HTTP_SIGNING_SECRET=<same secret>.
'use strict';
const { createServer } = require('node:http');
const { verifySignature } = require('./verify-signature');

const secret = process.env.BOT_HTTP_SIGNING_SECRET;
createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    if (!secret || !verifySignature(secret, request.headers, body)) {
      return response.writeHead(401).end();
    }
    const turn = JSON.parse(body.toString('utf8'));
    const text = turn.messages.map((message) => message.text).join(' ');
    const answer = /agent|conseiller|human/i.test(text)
      ? {
          messages: [{ type: 'text', text: 'Un conseiller arrive.' }],
          handover: { reason: 'asked_for_agent' },
        }
      : { messages: [{ type: 'text', text: `Vous avez dit : ${text}` }], intent: 'echo' };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
}).listen(Number(process.env.PORT || 4000));
