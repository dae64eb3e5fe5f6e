import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Where Google exchanges a service account's signed JWT for an access token. */
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

/** The fields of a service account's JSON key that the token exchange uses. */
export interface ServiceAccountKey {
  clientEmail: string;
  privateKey: string;
  tokenUri: string;
}

/**
 * Reads a service account's JSON key once, at startup, so that a missing or broken key fails there
 * and not on a customer's message. Errors name the file and the faulty field, never its content.
 */
export function readServiceAccountKey(path: string): ServiceAccountKey {
  const problem = (what: string) => new Error(`The Dialogflow CX credentials file ${path} ${what}`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw problem(`cannot be read (${typeof code === 'string' ? code : 'unknown error'})`);
  }
  let key: unknown;
  try {
    key = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the file.
    throw problem('is not JSON');
  }
  if (typeof key !== 'object' || key === null || (key as { type?: unknown }).type !== 'service_account') {
    throw problem('is not a service account key (type service_account)');
  }
  const { client_email, private_key, token_uri } = key as Record<string, unknown>;
  if (typeof client_email !== 'string' || client_email === '') {
    throw problem('has no client_email');
  }
  if (typeof private_key !== 'string' || !isPrivateKey(private_key)) {
    throw problem('has no private_key that is a PEM private key');
  }
  const tokenUri = token_uri ?? GOOGLE_TOKEN_URI;
  if (typeof tokenUri !== 'string' || !isHttpUrl(tokenUri)) {
    throw problem('has a token_uri that is not an absolute http(s) URL');
  }
  return {
    clientEmail: client_email,
    privateKey: private_key,
    tokenUri,
  };
}

function isPrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}

function isHttpUrl(value: string): boolean {
  const url = URL.canParse(value) ? new URL(value) : null;
  return url !== null && ['http:', 'https:'].includes(url.protocol) && !url.username && !url.password;
}
