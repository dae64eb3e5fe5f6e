import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port.util';
import { type SecureKafkaListener, type SecureKafkaUsers } from './infra-handles';
import { type TlsMaterial } from './kafka-tls';

export interface SaslSslListenerConfig {
  port: number;
  tls: TlsMaterial;
  users: SecureKafkaUsers;
}

/** A Kafka cluster id: 16 random bytes in URL-safe base64; a leading '-' would read as a CLI option. */
export function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) {
      return id;
    }
  }
}

/** `count` distinct ports that nobody listens on right now. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    ports.add(await freePort());
  }
  return [...ports];
}

/** server.properties (single-node KRaft) and a log4j config that keeps WARN and above in the data dir. */
export function writeConfig(
  dataDir: string,
  port: number,
  controllerPort: number,
  secure?: SaslSslListenerConfig,
): { server: string; log4j: string } {
  const server = join(dataDir, 'server.properties');
  const log4j = join(dataDir, 'log4j.properties');
  const saslSsl = secure ? `,SASL_SSL://127.0.0.1:${secure.port}` : '';
  const settings: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port}${saslSsl},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}${saslSsl}`,
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': `PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${secure ? ',SASL_SSL:SASL_SSL' : ''}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    // A subfolder keeps the config and log files out of the folder Kafka scans for partitions.
    'log.dirs': join(dataDir, 'data'),
    'offsets.topic.replication.factor': 1,
    // Fewer __consumer_offsets partitions make the first consumer group join noticeably faster.
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': 'false',
    'num.partitions': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    ...(secure && saslSslSettings(secure)),
  };
  writeFileSync(
    server,
    Object.entries(settings)
      .map(([key, value]) => `${key}=${value}\n`)
      .join(''),
  );
  writeFileSync(
    log4j,
    [
      'log4j.rootLogger=WARN, file',
      'log4j.appender.file=org.apache.log4j.FileAppender',
      `log4j.appender.file.File=${join(dataDir, 'broker.log')}`,
      'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
      '',
    ].join('\n'),
  );
  return { server, log4j };
}

/** One user per mechanism, so that a test proves each mechanism on its own; new passwords every start. */
export function newSecureUsers(): SecureKafkaUsers {
  const user = (username: string) => ({ username, password: randomBytes(18).toString('hex') });
  return {
    plain: user('handover-plain'),
    scramSha256: user('handover-scram-sha-256'),
    scramSha512: user('handover-scram-sha-512'),
  };
}

/** SCRAM credentials live in the cluster metadata, so they are written when the storage is formatted. */
export function scramFormatArgs({ scramSha256, scramSha512 }: SecureKafkaUsers): string[] {
  return [
    ...['--add-scram', `SCRAM-SHA-256=[name=${scramSha256.username},password=${scramSha256.password}]`],
    ...['--add-scram', `SCRAM-SHA-512=[name=${scramSha512.username},password=${scramSha512.password}]`],
  ];
}

/** What a client needs to know about the listener. */
export function secureListener({ port, tls, users }: SaslSslListenerConfig): SecureKafkaListener {
  return {
    brokers: [`127.0.0.1:${port}`],
    caFile: tls.caFile,
    users,
    clientCertFile: tls.client?.certFile,
    clientKeyFile: tls.client?.keyFile,
  };
}

function saslSslSettings({ tls, users }: SaslSslListenerConfig): Record<string, string> {
  const { username, password } = users.plain;
  const prefix = 'listener.name.sasl_ssl.';
  const settings: Record<string, string> = {
    'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    'plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required user_${username}="${password}";`,
    'scram-sha-256.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'scram-sha-512.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'ssl.keystore.type': 'PKCS12',
    'ssl.keystore.location': tls.keystore,
    'ssl.keystore.password': tls.password,
    'ssl.key.password': tls.password,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': tls.caFile,
    // A client certificate is checked against the CA when one is shown, yet SASL alone still gets in.
    'ssl.client.auth': 'requested',
  };
  return Object.fromEntries(Object.entries(settings).map(([key, value]) => [prefix + key, value]));
}
