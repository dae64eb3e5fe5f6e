import { type KeyObject, verify } from 'node:crypto';
import { json, type Reply, type StandInBot, startStandInBot } from './stand-in-bot';

/** One token request as the stand-in's token endpoint saw it. */
export interface TokenRequest {
  grantType: string | null;
  signatureValid: boolean;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** One detectIntent request. */
export interface DetectIntentRequest {
  agentPath: string;
  session: string;
  authorization: string | undefined;
  body: { queryInput: { text: { text: string }; languageCode: string }; queryParams: unknown };
}

export interface StandInDialogflowCx extends StandInBot {
  tokenUri: string;
  tokenRequests: TokenRequest[];
  detectIntents: DetectIntentRequest[];
  /** How the token endpoint answers a grant whose assertion it verified (default: a new token). */
  grantWith(reply: Reply | null): void;
  /** How detectIntent answers a request holding a token it issued (default: 404). */
  answerWith(reply: Reply): void;
  /** Every token issued so far stops being accepted (401), as after a revocation. */
  revokeTokens(): void;
  reset(): void;
}

const AGENT = /^\/v3\/(projects\/[^/]+\/locations\/[^/]+\/agents\/[^/:?]+)$/;
const DETECT_INTENT =
  /^\/v3\/(projects\/[^/]+\/locations\/[^/]+\/agents\/[^/]+(?:\/environments\/[^/]+)?)\/sessions\/([^/:]+):detectIntent$/;

/**
 * Plays Google's side as documented: an OAuth 2.0 token endpoint for the JWT-bearer grant that
 * checks the assertion's RS256 signature with the service account's public key, and Dialogflow
 * CX's detectIntent, which takes only the tokens that endpoint issued (401 otherwise).
 */
export async function startStandInDialogflowCx(publicKey: KeyObject): Promise<StandInDialogflowCx> {
  const tokenRequests: TokenRequest[] = [];
  const detectIntents: DetectIntentRequest[] = [];
  const issued = new Set<string>();
  let grant: Reply | null = null;
  let answer: Reply = json({ error: { code: 404, status: 'NOT_FOUND' } }, 404);

  const bot = await startStandInBot((request, body, response) => {
    const path = request.url ?? '';
    if (request.method === 'POST' && path === '/token') {
      const form = new URLSearchParams(body.toString('utf8'));
      const [header = '', claims = '', signature = ''] = (form.get('assertion') ?? '').split('.');
      const seen: TokenRequest = {
        grantType: form.get('grant_type'),
        signatureValid: verify(
          'RSA-SHA256',
          Buffer.from(`${header}.${claims}`),
          publicKey,
          Buffer.from(signature, 'base64url'),
        ),
        header: decoded(header),
        claims: decoded(claims),
      };
      tokenRequests.push(seen);
      if (seen.grantType !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' || !seen.signatureValid) {
        json({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }, 400)(response);
        return;
      }
      if (grant) {
        grant(response);
        return;
      }
      const token = `ya29.stand-in-token-${tokenRequests.length}`;
      issued.add(token);
      json({ access_token: token, expires_in: 3599, token_type: 'Bearer' })(response);
      return;
    }
    // projects.locations.agents.get: the agent, to whoever holds a token.
    const agent = AGENT.exec(path);
    if (request.method === 'GET' && agent) {
      const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
      if (!issued.has(token)) {
        json({ error: { code: 401, status: 'UNAUTHENTICATED' } }, 401)(response);
        return;
      }
      json({ name: agent[1], displayName: 'Stand-in agent', defaultLanguageCode: 'fr' })(response);
      return;
    }
    const route = DETECT_INTENT.exec(path);
    if (request.method === 'POST' && route) {
      const authorization = request.headers.authorization;
      detectIntents.push({
        agentPath: route[1],
        session: route[2],
        authorization,
        body: JSON.parse(body.toString('utf8')) as DetectIntentRequest['body'],
      });
      if (!issued.has(authorization?.replace(/^Bearer /, '') ?? '')) {
        json({ error: { code: 401, status: 'UNAUTHENTICATED' } }, 401)(response);
        return;
      }
      answer(response);
      return;
    }
    json({ error: { code: 404, status: 'NOT_FOUND' } }, 404)(response);
  });

  return {
    ...bot,
    tokenUri: `${bot.base}/token`,
    tokenRequests,
    detectIntents,
    grantWith(reply) {
      grant = reply;
    },
    answerWith(reply) {
      answer = reply;
    },
    revokeTokens() {
      issued.clear();
    },
    reset() {
      tokenRequests.length = 0;
      detectIntents.length = 0;
      grant = null;
    },
  };
}

function decoded(part: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}
