import { stopOnce } from './stop-once.util';
import { containerRuntime } from './docker-engine.util';
import { freePort } from './free-port.util';
import { type KafkaHandle } from './infra-handles';
import { waitForKafka } from './kafka-readiness';

export const KAFKA_IMAGE = 'apache/kafka:3.9.1';
const CLIENT_PORT = 9092;
const BROKER_PORT = 19092;
const CONTROLLER_PORT = 9093;

export interface KafkaContainerHandle extends KafkaHandle {
  containerId: string;
}

/**
 * The same single-node KRaft broker as the local one, in the official apache/kafka image. The host
 * port is fixed up front (not mapped randomly) because the broker must advertise it, and pause/resume
 * has to keep it. Inter-broker traffic stays on an in-container listener, since the advertised host
 * address need not be reachable from inside the container.
 */
export async function startKafkaContainer(): Promise<KafkaContainerHandle> {
  const client = await containerRuntime();
  const { GenericContainer } = await import('testcontainers');
  const host = client.info.containerRuntime.host;
  const port = await freePort();
  const started = await new GenericContainer(KAFKA_IMAGE)
    .withEnvironment({
      CLUSTER_ID: 'aGFuZG92ZXItdGVzdC1rYQ',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_NODE_ID: '1',
      KAFKA_CONTROLLER_QUORUM_VOTERS: `1@localhost:${CONTROLLER_PORT}`,
      KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${CLIENT_PORT},BROKER://0.0.0.0:${BROKER_PORT},CONTROLLER://0.0.0.0:${CONTROLLER_PORT}`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${port},BROKER://localhost:${BROKER_PORT}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_LOG_DIRS: '/var/lib/kafka/data',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '10',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_NUM_PARTITIONS: '1',
      KAFKA_DEFAULT_REPLICATION_FACTOR: '1',
      KAFKA_MIN_INSYNC_REPLICAS: '1',
    })
    .withExposedPorts({ container: CLIENT_PORT, host: port })
    .withStartupTimeout(120_000)
    .start();
  const brokers = [`${host}:${port}`];
  const container = client.container.getById(started.getId());
  try {
    await waitForKafka(brokers);
  } catch (error) {
    await started.stop();
    throw error;
  }
  return {
    brokers,
    kind: 'container',
    containerId: started.getId(),
    stop: stopOnce(started),
    async pause() {
      await client.container.stop(container, { timeout: 10_000 });
    },
    async resume() {
      await client.container.start(container);
      await waitForKafka(brokers);
    },
  };
}
