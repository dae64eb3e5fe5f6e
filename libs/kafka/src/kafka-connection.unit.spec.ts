import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@handover/config';
import { kafkaConnectionOf } from './kafka-connection';
import { KafkaEnv } from './kafka.env';

const BROKERS = { KAFKA_BROKERS: 'kafka-1.example.com:9093,kafka-2.example.com:9093' };

const envOf = (variables: Record<string, string>): KafkaEnv =>
  loadConfig(KafkaEnv, { ...BROKERS, ...variables });

const problemsOf = (variables: Record<string, string>): string => {
  try {
    envOf(variables);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
};

describe(kafkaConnectionOf.name, () => {
  it('should connect in plain text by default, as a client named after the app', () => {
    expect(kafkaConnectionOf(envOf({}), 'gateway')).toEqual({
      brokers: ['kafka-1.example.com:9093', 'kafka-2.example.com:9093'],
      clientId: 'handover-gateway',
    });
  });

  it('should reach a managed Kafka over TLS with SCRAM credentials, the CA and password read from files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-tls-'));
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeFileSync(join(dir, 'password'), 'scram-password\n');

    const connection = kafkaConnectionOf(
      envOf({
        KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
        KAFKA_SSL_CA_FILE: join(dir, 'ca.pem'),
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'handover',
        KAFKA_SASL_PASSWORD_FILE: join(dir, 'password'),
      }),
      'handover',
    );

    expect(connection.ssl).toEqual({ ca: [expect.stringContaining('BEGIN CERTIFICATE') as unknown] });
    expect(connection.sasl).toEqual({
      mechanism: 'scram-sha-512',
      username: 'handover',
      password: 'scram-password',
    });
  });

  it("should use the system's CAs when none is given, and a client certificate when both its files are", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-mtls-'));
    writeFileSync(join(dir, 'cert.pem'), 'CERT');
    writeFileSync(join(dir, 'key.pem'), 'KEY');

    expect(kafkaConnectionOf(envOf({ KAFKA_SECURITY_PROTOCOL: 'SSL' }), 'a').ssl).toBe(true);
    expect(
      kafkaConnectionOf(
        envOf({
          KAFKA_SECURITY_PROTOCOL: 'SSL',
          KAFKA_SSL_CERT_FILE: join(dir, 'cert.pem'),
          KAFKA_SSL_KEY_FILE: join(dir, 'key.pem'),
        }),
        'a',
      ).ssl,
    ).toEqual({ cert: 'CERT', key: 'KEY' });
  });

  it('should stop at startup naming what SASL lacks, a half client certificate or an unknown protocol', () => {
    const sasl = problemsOf({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL' });
    expect(sasl).toContain('KAFKA_SASL_MECHANISM');
    expect(sasl).toContain('KAFKA_SASL_USERNAME');
    expect(sasl).toContain('KAFKA_SASL_PASSWORD');
    expect(problemsOf({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_KEY_FILE: '/k.pem' })).toContain(
      'KAFKA_SSL_CERT_FILE: must be set with KAFKA_SSL_KEY_FILE',
    );
    expect(problemsOf({ KAFKA_SECURITY_PROTOCOL: 'TLS' })).toContain(
      'KAFKA_SECURITY_PROTOCOL: must be one of',
    );
  });

  it('should stop at startup naming a CA file it cannot read', () => {
    expect(() =>
      kafkaConnectionOf(envOf({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: '/nowhere/ca.pem' }), 'a'),
    ).toThrow('KAFKA_SSL_CA_FILE: cannot read /nowhere/ca.pem (ENOENT)');
  });
});
