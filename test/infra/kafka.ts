import { useContainers } from './docker-engine.util';
import { type KafkaHandle, type SecureKafkaHandle } from './infra-handles';
import { type KafkaContainerHandle, startKafkaContainer } from './kafka-container';
import { LocalKafkaBroker } from './local-kafka-broker';

export interface StartKafkaOptions {
  /** A broker of our own, even when KAFKA_BROKERS names one. */
  dedicated?: boolean;
  /** Also a SASL_SSL listener with TLS and users; always a broker of our own, and only a local one. */
  secure?: boolean;
}

/** Kafka for tests and `npm start`: KAFKA_BROKERS if given, else a container if Docker answers, else a local broker. */
export async function startKafka(options: StartKafkaOptions & { secure: true }): Promise<SecureKafkaHandle>;
export async function startKafka(options?: StartKafkaOptions): Promise<KafkaHandle>;
export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaHandle> {
  const brokers = process.env.KAFKA_BROKERS?.trim();
  // A broker someone else started cannot tell us its certificates and passwords.
  if (brokers && !options.dedicated && !options.secure) {
    return externalKafka(brokers.split(',').map((broker) => broker.trim()));
  }
  return provisionKafka({ secure: options.secure });
}

/** Starts a broker of our own, ignoring KAFKA_BROKERS; `detached` ones outlive this process. */
export async function provisionKafka(
  options: { detached?: boolean; secure?: boolean } = {},
): Promise<KafkaContainerHandle | LocalKafkaBroker> {
  if (!(await useContainers())) {
    return LocalKafkaBroker.start(options);
  }
  if (options.secure) {
    throw new Error(
      'The SASL_SSL listener (secure: true) exists on the local broker only, not in the Kafka container: ' +
        'run with HANDOVER_INFRA=local (needs Java and Maven)',
    );
  }
  return startKafkaContainer();
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
