import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port.util';

/** A Kafka cluster id: 16 random bytes in URL-safe base64; a leading '-' would read as a CLI option. */
export function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) {
      return id;
    }
  }
}

export async function twoFreePorts(): Promise<[number, number]> {
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) {
    controllerPort = await freePort();
  }
  return [port, controllerPort];
}

/** server.properties (single-node KRaft) and a log4j config that keeps WARN and above in the data dir. */
export function writeConfig(
  dataDir: string,
  port: number,
  controllerPort: number,
): { server: string; log4j: string } {
  const server = join(dataDir, 'server.properties');
  const log4j = join(dataDir, 'log4j.properties');
  const settings: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
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
