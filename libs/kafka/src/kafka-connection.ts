import { readFileSync } from 'node:fs';
import { type ConnectionOptions } from 'node:tls';
import { type SASLOptions } from 'kafkajs';
import { type KafkaEnv } from './kafka.env';

/** Where the brokers are and how to reach them safely: what every Kafka client of an app is built from. */
export interface KafkaConnection {
  brokers: readonly string[];
  clientId: string;
  /** TLS (SSL, SASL_SSL); `true`: the system's CAs. */
  ssl?: ConnectionOptions | true;
  sasl?: SASLOptions;
}

/**
 * The connection KafkaEnv describes, for the client `<KAFKA_CLIENT_ID>-<app>`. Its files are read
 * here, at startup: one that cannot be read stops the app naming the variable, never its content.
 */
export function kafkaConnectionOf(env: KafkaEnv, app: string): KafkaConnection {
  const protocol = env.KAFKA_SECURITY_PROTOCOL;
  const connection: KafkaConnection = {
    brokers: env.KAFKA_BROKERS,
    clientId: `${env.KAFKA_CLIENT_ID}-${app}`,
  };
  if (protocol === 'SSL' || protocol === 'SASL_SSL') {
    const tls: ConnectionOptions = {};
    if (env.KAFKA_SSL_CA_FILE) {
      tls.ca = [readPem(env.KAFKA_SSL_CA_FILE, 'KAFKA_SSL_CA_FILE')];
    }
    if (env.KAFKA_SSL_CERT_FILE && env.KAFKA_SSL_KEY_FILE) {
      tls.cert = readPem(env.KAFKA_SSL_CERT_FILE, 'KAFKA_SSL_CERT_FILE');
      tls.key = readPem(env.KAFKA_SSL_KEY_FILE, 'KAFKA_SSL_KEY_FILE');
    }
    connection.ssl = Object.keys(tls).length > 0 ? tls : true;
  }
  if (protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL') {
    connection.sasl = saslOf(env);
  }
  return connection;
}

function saslOf(env: KafkaEnv): SASLOptions {
  const username = env.KAFKA_SASL_USERNAME ?? '';
  const password = env.KAFKA_SASL_PASSWORD ?? '';
  switch (env.KAFKA_SASL_MECHANISM) {
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
    case 'plain':
    case undefined:
      return { mechanism: 'plain', username, password };
  }
}

function readPem(file: string, variable: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const { code } = error as { code?: unknown };
    throw new Error(`${variable}: cannot read ${file} (${typeof code === 'string' ? code : 'unreadable'})`);
  }
}
