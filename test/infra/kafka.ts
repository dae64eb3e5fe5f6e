import { useContainers } from './docker-engine.util';
import { type KafkaHandle } from './infra-handles';
import { type KafkaContainerHandle, startKafkaContainer } from './kafka-container';
import { LocalKafkaBroker } from './local-kafka-broker';

/** Kafka for tests and `npm start`: KAFKA_BROKERS if given, else a container if Docker answers, else a local broker. */
export async function startKafka(options: { dedicated?: boolean } = {}): Promise<KafkaHandle> {
  const brokers = process.env.KAFKA_BROKERS?.trim();
  if (brokers && !options.dedicated) {
    return externalKafka(brokers.split(',').map((broker) => broker.trim()));
  }
  return provisionKafka();
}

/** Starts a broker of our own, ignoring KAFKA_BROKERS; `detached` ones outlive this process. */
export async function provisionKafka(
  options: { detached?: boolean } = {},
): Promise<KafkaContainerHandle | LocalKafkaBroker> {
  return (await useContainers())
    ? startKafkaContainer()
    : LocalKafkaBroker.start({ detached: options.detached });
}

function externalKafka(brokers: string[]): KafkaHandle {
  const refuse = (action: string) => (): Promise<void> =>
    Promise.reject(
      new Error(
        `Cannot ${action} the external Kafka at ${brokers.join(',')}: ask for startKafka({ dedicated: true })`,
      ),
    );
  return {
    brokers,
    kind: 'external',
    stop: () => Promise.resolve(),
    pause: refuse('pause'),
    resume: refuse('resume'),
  };
}
