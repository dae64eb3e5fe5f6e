import { type CheckResult } from './doctor.result';

type Env = Record<string, string | undefined>;

/** The values README, .env.example, `npm start` and the simulator hand out: public, so worthless as secrets. */
export const DEMO_SECRETS: readonly string[] = [
  'local-webhook-secret',
  'local-verify-token',
  'local-admin-token-change-me-0123456789',
  'local-api-token',
  'local-supervisor-token-change-me-0123456789',
];

/** Variables holding a secret, or a list of them (`a,b`, `name=token,…`). */
const SECRET_HOLDERS = [
  'ENGAGE_WEBHOOK_SECRET',
  'ENGAGE_WEBHOOK_SECRETS',
  'ENGAGE_VERIFY_TOKEN',
  'ENGAGE_API_TOKEN',
  'GATEWAY_ADMIN_TOKEN',
  'GATEWAY_ADMIN_TOKENS',
  'DASHBOARD_USERS',
];

const set = (env: Env, name: string): boolean => (env[name] ?? '').trim() !== '';

/**
 * The gateway's webhook secret (required unless ENGAGE_WEBHOOK_SECRET_DISABLED=true, which is for
 * local tries only) and, when the platform is not a local one, any demo value left in a secret.
 * Names variables, never values.
 */
export function secretChecks(env: Env): CheckResult[] {
  return [webhookSecretCheck(env), demoSecretsCheck(env)];
}

function webhookSecretCheck(env: Env): CheckResult {
  const title = 'webhook secret';
  if (env.ENGAGE_WEBHOOK_SECRET_DISABLED?.trim() === 'true') {
    return {
      title,
      status: 'WARN',
      sentence:
        'ENGAGE_WEBHOOK_SECRET_DISABLED=true: the gateway accepts webhooks WITHOUT checking X-Dimelo-Secret, so anyone who reaches it can post conversations.',
      fix: 'For local tries only. Set ENGAGE_WEBHOOK_SECRET to the Secret of the webhook in RCED and remove ENGAGE_WEBHOOK_SECRET_DISABLED.',
    };
  }
  if (!set(env, 'ENGAGE_WEBHOOK_SECRET') && !set(env, 'ENGAGE_WEBHOOK_SECRETS')) {
    return {
      title,
      status: 'WARN',
      sentence: 'ENGAGE_WEBHOOK_SECRET is not set: the gateway refuses to start without it.',
      fix: 'Set ENGAGE_WEBHOOK_SECRET to the Secret of the webhook in RCED (ENGAGE_WEBHOOK_SECRETS=old,new while rotating).',
    };
  }
  return { title, status: 'PASS', sentence: 'Webhooks must carry the secret in X-Dimelo-Secret.' };
}

function demoSecretsCheck(env: Env): CheckResult {
  const title = 'demo secrets';
  if (isLocal(env.ENGAGE_BASE_URL)) {
    return {
      title,
      status: 'PASS',
      sentence: 'ENGAGE_BASE_URL is unset or a local platform: demo values are allowed there.',
    };
  }
  const demo = SECRET_HOLDERS.filter((name) =>
    (env[name] ?? '')
      .split(',')
      .map((item) => item.slice(item.indexOf('=') + 1).trim())
      .some((value) => DEMO_SECRETS.includes(value)),
  );
  if (demo.length > 0) {
    return {
      title,
      status: 'WARN',
      sentence: `${demo.join(', ')} still hold${demo.length === 1 ? 's' : ''} a public demo value, against a real platform.`,
      fix: 'Replace each with a fresh random value (e.g. openssl rand -base64 32), in RCED too for the webhook secret and verify token.',
    };
  }
  return { title, status: 'PASS', sentence: 'No secret holds a demo value.' };
}

function isLocal(baseUrl: string | undefined): boolean {
  if (baseUrl === undefined || baseUrl.trim() === '') {
    return true;
  }
  try {
    const host = new URL(baseUrl).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\./.test(host) || host.endsWith('.localhost');
  } catch {
    return true;
  }
}
