import { randomBytes } from 'node:crypto';
import { EngageClient } from '@handover/engage-client';
import { HttpService } from '@nestjs/axios';
import { type DoctorDeps, type HttpGet, runChecks } from './doctor.checks';
import { SECRET_VARIABLES, readDoctorConfig } from './doctor.config';
import { checkBotEngine } from './doctor.bot-engine';
import { infraChecks } from './doctor.infra';
import { exitCodeOf, formatReport } from './doctor.report';
import { secretChecks } from './doctor.secrets';

export interface DoctorRun {
  exitCode: 0 | 1;
  report: string;
}

/** Real HTTP: redirects are reported, not followed (RCED's handshake does not follow them either). */
const fetchGet: HttpGet = (url, { timeoutMs }) =>
  fetch(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });

/**
 * Reads the environment, runs every check against the real platform and webhook, and renders the
 * report. `deps` replaces the platform or the HTTP GET (tests); the environment is never changed.
 */
export async function runDoctor(
  env: Record<string, string | undefined>,
  deps: Partial<DoctorDeps> & { infra?: typeof infraChecks; botEngine?: typeof checkBotEngine } = {},
): Promise<DoctorRun> {
  const { check, settings } = readDoctorConfig(env);
  const engage = settings.engage;
  const platform =
    deps.platform ??
    (engage &&
      new EngageClient(new HttpService(), {
        baseUrl: engage.ENGAGE_BASE_URL,
        accessToken: engage.ENGAGE_API_TOKEN,
        authMode: engage.ENGAGE_AUTH_MODE,
        timeoutMs: engage.ENGAGE_TIMEOUT_MS,
      }));
  const results = [
    check,
    ...secretChecks(env),
    ...(await (deps.infra ?? infraChecks)(env)),
    await (deps.botEngine ?? checkBotEngine)(env),
    ...(await runChecks(settings, {
      platform,
      get: deps.get ?? fetchGet,
      challenge: deps.challenge ?? (() => `doctor-${randomBytes(12).toString('hex')}`),
      handshakeTimeoutMs: deps.handshakeTimeoutMs,
    })),
  ];
  const report = formatReport(results, {
    target: engage ? `RCED at ${hostOf(engage.ENGAGE_BASE_URL)}` : undefined,
    secrets: SECRET_VARIABLES.map((name) => env[name]),
  });
  return { exitCode: exitCodeOf(results), report };
}

function hostOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
