import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type SecureKafkaHandle, startKafka, type TestDatabase } from '../../test/infra';
import { checkKafka, checkPostgres } from './doctor.infra';

describe('npm run doctor: Kafka and Postgres', () => {
  let secure: SecureKafkaHandle;
  let database: TestDatabase;

  beforeAll(async () => {
    [secure, database] = await Promise.all([
      startKafka({ dedicated: true, secure: true }),
      createTestDatabase(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([secure?.stop(), database?.drop()]);
  });

  it('should pass a Kafka that answers, and warn of the topics the apps have not created yet', async () => {
    const result = await checkKafka({ KAFKA_BROKERS: secure.brokers.join(',') });

    expect(result.status).toBe('WARN');
    expect(result.sentence).toContain('Kafka answers over PLAINTEXT; not created yet: engage.events.v1');
  });

  it('should reach a SASL_SSL listener as the apps do, and name refused credentials without showing them', async () => {
    const { username, password } = secure.secure.users.scramSha256;
    const passwordFile = join(mkdtempSync(join(tmpdir(), 'doctor-')), 'password');
    writeFileSync(passwordFile, password);
    const env = {
      KAFKA_BROKERS: secure.secure.brokers.join(','),
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SSL_CA_FILE: secure.secure.caFile,
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: username,
    };

    const reached = await checkKafka({ ...env, KAFKA_SASL_PASSWORD_FILE: passwordFile });
    const refused = await checkKafka({ ...env, KAFKA_SASL_PASSWORD: 'wrong-password-4711' });

    expect(reached.sentence).toContain('Kafka answers over SASL_SSL');
    expect(refused).toMatchObject({
      status: 'FAIL',
      sentence: expect.stringContaining('refused the SASL credentials') as unknown,
    });
    expect(JSON.stringify(refused)).not.toContain('wrong-password-4711');
  }, 60_000);

  it('should pass a Postgres that answers, and fail one that refuses, naming only its error code', async () => {
    const reached = await checkPostgres({ DATABASE_URL: database.url });
    const wrongDatabase = new URL(database.url);
    wrongDatabase.pathname = '/no_such_database_4711';
    const refused = await checkPostgres({ DATABASE_URL: wrongDatabase.toString() });

    expect(reached).toMatchObject({
      status: 'PASS',
      sentence: expect.stringMatching(/^Postgres \d+\S* answers/) as unknown,
    });
    expect(refused).toMatchObject({ status: 'FAIL', sentence: expect.stringContaining('3D000') as unknown });
    expect(JSON.stringify(refused)).not.toContain('no_such_database_4711');
  });
});
