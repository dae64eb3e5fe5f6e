import { EngageApiError, EngageApiErrorCode } from '@handover/engage-client';
import { runDoctor } from './doctor.main';
import { exitCodeOf, formatReport } from './doctor.report';
import { type CheckResult } from './doctor.result';

const PASS: CheckResult = { title: 'API token', status: 'PASS', sentence: 'RCED accepts the token.' };

describe('formatReport', () => {
  it('should align one line per check, with the fix under what is not a PASS', () => {
    const report = formatReport(
      [
        PASS,
        { title: 'agents', status: 'WARN', sentence: 'Nobody.', fix: 'Add agents.' },
        { title: 'webhook handshake', status: 'SKIP', sentence: 'Not set.' },
      ],
      { target: 'RCED at https://acme/1.0' },
    );

    expect(report).toBe(
      [
        'handover doctor — RCED at https://acme/1.0',
        '',
        'PASS  API token          RCED accepts the token.',
        'WARN  agents             Nobody.',
        '                         → Add agents.',
        'SKIP  webhook handshake  Not set.',
        '',
        '1 WARN, 1 SKIP, 1 PASS: nothing blocks, but read the WARN lines.',
        '',
      ].join('\n'),
    );
  });

  it('should mask every secret value, whatever quotes it', () => {
    const report = formatReport(
      [{ title: 'x', status: 'FAIL', sentence: 'token tok-123456 and tok-1234567', fix: 'do' }],
      { secrets: ['tok-123456', 'tok-1234567', undefined, ''] },
    );

    expect(report).toContain('token *** and ***');
    expect(report).not.toContain('tok-');
  });
});

describe('exitCodeOf', () => {
  it('should be 1 only when something FAILs', () => {
    expect(exitCodeOf([PASS, { ...PASS, status: 'WARN' }, { ...PASS, status: 'SKIP' }])).toBe(0);
    expect(exitCodeOf([PASS, { ...PASS, status: 'FAIL' }])).toBe(1);
  });
});

describe('runDoctor', () => {
  const env = {
    ENGAGE_BASE_URL: 'https://acme.api.engagement.dimelo.com/1.0',
    ENGAGE_API_TOKEN: 'api-token-S3cr3t',
    ENGAGE_VERIFY_TOKEN: 'verify-S3cr3t',
    ENGAGE_WEBHOOK_SECRET: 'hook-S3cr3t',
    DOCTOR_WEBHOOK_URL: 'https://hooks.example.com/webhooks/engage',
  };

  it('should exit 1 and print no secret when the token is refused and the webhook echoes the query', async () => {
    const refused = new EngageApiError(EngageApiErrorCode.ClientError, 'GET /categories', 401);
    const { exitCode, report } = await runDoctor(env, {
      platform: {
        listCategories: () => Promise.reject(refused),
        getSource: () => Promise.reject(refused),
        listUsers: () => Promise.reject(refused),
      },
      // A page that quotes whatever it was sent: the verify token must still not reach the output.
      get: (url) => Promise.resolve({ status: 200, text: () => Promise.resolve(url) }),
      infra: () => Promise.resolve([]),
    });

    expect(exitCode).toBe(1);
    expect(report).toContain('The API token is refused (HTTP 401).');
    expect(report).not.toMatch(/S3cr3t/);
  });
});
