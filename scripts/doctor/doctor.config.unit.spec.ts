import { readDoctorConfig } from './doctor.config';

const VALID = {
  ENGAGE_BASE_URL: 'https://acme.api.engagement.dimelo.com/1.0',
  ENGAGE_API_TOKEN: 'api-token-S3cr3t',
  ENGAGE_VERIFY_TOKEN: ' verify-S3cr3t ',
  BOT_CATEGORY_ID: 'cat-bot',
  AGENT_CATEGORY_ID: 'cat-agent',
  HANDOVER_REALTIME_SOURCE_IDS: 'src-1, src-2',
  AVAILABILITY_SOURCE_IDS: 'src-1',
  DOCTOR_WEBHOOK_URL: 'https://hooks.example.com/webhooks/engage',
};

describe('readDoctorConfig', () => {
  it('should pass a valid configuration without requiring the variables of other concerns', () => {
    const { check, settings } = readDoctorConfig(VALID);

    expect(check.status).toBe('PASS');
    expect(check.sentence).toBe(
      '8 variables are set and all are valid; not set, so not checked: AGENT_TEAM_ID.',
    );
    expect(settings).toMatchObject({
      botCategoryId: 'cat-bot',
      agentCategoryId: 'cat-agent',
      agentTeamId: undefined,
      realtimeSourceIds: ['src-1', 'src-2'],
      availabilitySourceIds: ['src-1'],
      verifyToken: ' verify-S3cr3t ',
      webhookUrl: 'https://hooks.example.com/webhooks/engage',
    });
    expect(settings.engage).toMatchObject({ ENGAGE_AUTH_MODE: 'bearer', ENGAGE_TIMEOUT_MS: 10_000 });
  });

  it('should name every bad variable that is set, once, and never its value', () => {
    const { check, settings } = readDoctorConfig({
      ...VALID,
      ENGAGE_AUTH_MODE: 'cookie',
      KAFKA_BROKERS: 'no-port',
      GATEWAY_ADMIN_TOKEN: 'short-S3cr3t',
      DOCTOR_WEBHOOK_URL: 'not a url',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key:S3cr3t',
    });

    expect(check.status).toBe('FAIL');
    for (const name of [
      'ENGAGE_AUTH_MODE',
      'KAFKA_BROKERS',
      'GATEWAY_ADMIN_TOKEN',
      'DOCTOR_WEBHOOK_URL',
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      'OTEL_EXPORTER_OTLP_HEADERS',
    ]) {
      expect(check.sentence.split(name)).toHaveLength(2);
    }
    expect(check.sentence).not.toMatch(/S3cr3t|cookie|no-port|not a url|grpc/);
    expect(settings.engage).toBeUndefined();
    expect(settings.webhookUrl).toBeUndefined();
  });

  it('should refuse AGENT_CATEGORY_ID equal to BOT_CATEGORY_ID when handover could load', () => {
    const { check } = readDoctorConfig({
      ...VALID,
      AGENT_CATEGORY_ID: 'cat-bot',
      BOT_USER_ID: 'user-bot',
      KAFKA_BROKERS: '127.0.0.1:9092',
      DATABASE_URL: 'postgres://u:pw@db/handover',
    });

    expect(check.sentence).toContain('AGENT_CATEGORY_ID must differ from BOT_CATEGORY_ID');
  });

  it('should fail when the doctor cannot reach RCED for want of ENGAGE_BASE_URL or ENGAGE_API_TOKEN', () => {
    const { check, settings } = readDoctorConfig({ BOT_CATEGORY_ID: 'cat-bot', ENGAGE_API_TOKEN: '' });

    expect(check.status).toBe('FAIL');
    expect(check.sentence).toContain('not set: ENGAGE_BASE_URL, ENGAGE_API_TOKEN');
    expect(settings.engage).toBeUndefined();
  });
});
