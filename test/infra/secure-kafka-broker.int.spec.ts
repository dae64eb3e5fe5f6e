import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, type KafkaConfig, logLevel, Partitioners, type SASLOptions } from 'kafkajs';
import { type KafkaCredentials, type SecureKafkaListener } from './infra-handles';
import { LocalKafkaBroker } from './local-kafka-broker';
import { pollUntil } from './poll-until.util';
import { uniqueName } from './unique-name.util';

const START_TIMEOUT_MS = 90_000;
const ROUND_TRIP_TIMEOUT_MS = 45_000;
const REFUSAL_TIMEOUT_MS = 15_000;

type Mechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

const MECHANISMS: Mechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

// Client certificates need openssl (see kafka-tls.ts); without it those tests have nothing to show.
const describeWithOpenssl = opensslInstalled() ? describe : describe.skip;

function opensslInstalled(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function credentials(listener: SecureKafkaListener, mechanism: Mechanism): KafkaCredentials {
  switch (mechanism) {
    case 'plain':
      return listener.users.plain;
    case 'scram-sha-256':
      return listener.users.scramSha256;
    case 'scram-sha-512':
      return listener.users.scramSha512;
  }
}

function sasl(mechanism: Mechanism, { username, password }: KafkaCredentials): SASLOptions {
  // kafkajs types each mechanism as its own literal; the switch keeps that without a cast.
  switch (mechanism) {
    case 'plain':
      return { mechanism, username, password };
    case 'scram-sha-256':
      return { mechanism, username, password };
    case 'scram-sha-512':
      return { mechanism, username, password };
  }
}

function client(brokers: string[], config: Pick<KafkaConfig, 'ssl' | 'sasl' | 'retry'> = {}): Kafka {
  return new Kafka({ clientId: uniqueName('secure-spec'), brokers, logLevel: logLevel.NOTHING, ...config });
}

async function roundTrip(kafka: Kafka, value: string): Promise<string[]> {
  const topic = uniqueName('secure-spec');
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId: uniqueName('secure-spec'), maxWaitTimeInMs: 200 });
  const values: string[] = [];
  await Promise.all([admin.connect(), producer.connect(), consumer.connect()]);
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value }] });
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        values.push(message.value?.toString() ?? '');
        return Promise.resolve();
      },
    });
    await pollUntil(() => values.length > 0, { timeoutMs: 30_000, description: `a record on ${topic}` });
  } finally {
    await Promise.all([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
  }
  return values;
}

function selfSignedCertificate(): { dir: string; certFile: string; keyFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'handover-stranger-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'],
      ...['-subj', '/CN=stranger', '-keyout', keyFile, '-out', certFile],
    ],
    { stdio: 'ignore' },
  );
  return { dir, certFile, keyFile };
}

/** Connects an admin client once, without retries, and says why it was turned away. */
async function connectOnce(brokers: string[], config: Pick<KafkaConfig, 'ssl' | 'sasl'>): Promise<unknown> {
  const admin = client(brokers, { ...config, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await admin.disconnect();
  }
}

describe('LocalKafkaBroker', () => {
  describe('start({ secure: true })', () => {
    let broker: LocalKafkaBroker & { secure: SecureKafkaListener };
    let listener: SecureKafkaListener;
    let trusted: { ca: Buffer[] };

    beforeAll(async () => {
      broker = await LocalKafkaBroker.start({ secure: true });
      listener = broker.secure;
      trusted = { ca: [readFileSync(listener.caFile)] };
    }, START_TIMEOUT_MS);

    afterAll(async () => {
      await broker?.stop();
    });

    it.each(MECHANISMS)(
      'should create a topic, produce and consume over SASL_SSL when authenticating with %s',
      async (mechanism) => {
        const kafka = client(listener.brokers, {
          ssl: trusted,
          sasl: sasl(mechanism, credentials(listener, mechanism)),
        });

        expect(await roundTrip(kafka, `over ${mechanism}`)).toEqual([`over ${mechanism}`]);
      },
      ROUND_TRIP_TIMEOUT_MS,
    );

    it.each(MECHANISMS)(
      'should refuse a %s client with a wrong password',
      async (mechanism) => {
        const { username } = credentials(listener, mechanism);

        const error = await connectOnce(listener.brokers, {
          ssl: trusted,
          sasl: sasl(mechanism, { username, password: 'not-the-password' }),
        });

        expect(error).toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
      },
      REFUSAL_TIMEOUT_MS,
    );

    it(
      'should refuse a client that does not trust the test CA',
      async () => {
        const error = await connectOnce(listener.brokers, {
          ssl: true,
          sasl: sasl('plain', listener.users.plain),
        });

        expect(String(error)).toMatch(/self[- ]signed certificate/);
      },
      REFUSAL_TIMEOUT_MS,
    );

    describeWithOpenssl('with a client certificate', () => {
      it(
        'should accept the client certificate the test CA signed',
        async () => {
          const kafka = client(listener.brokers, {
            ssl: {
              ...trusted,
              cert: readFileSync(listener.clientCertFile ?? ''),
              key: readFileSync(listener.clientKeyFile ?? ''),
            },
            sasl: sasl('scram-sha-512', listener.users.scramSha512),
          });

          expect(await roundTrip(kafka, 'with a client certificate')).toEqual(['with a client certificate']);
        },
        ROUND_TRIP_TIMEOUT_MS,
      );

      it(
        'should refuse a client certificate the test CA did not sign',
        async () => {
          const stranger = selfSignedCertificate();
          try {
            const error = await connectOnce(listener.brokers, {
              ssl: { ...trusted, cert: readFileSync(stranger.certFile), key: readFileSync(stranger.keyFile) },
              sasl: sasl('plain', listener.users.plain),
            });

            expect(String(error)).toMatch(/certificate unknown/);
          } finally {
            rmSync(stranger.dir, { recursive: true, force: true });
          }
        },
        REFUSAL_TIMEOUT_MS,
      );
    });

    it('should keep the PLAINTEXT listener for test tooling', async () => {
      const admin = client(broker.brokers).admin();
      await admin.connect();
      try {
        const { brokers } = await admin.describeCluster();

        expect(brokers.map(({ host, port }) => `${host}:${port}`)).toEqual(broker.brokers);
      } finally {
        await admin.disconnect();
      }
    });

    it('should delete the certificates and keys on stop()', async () => {
      await broker.stop();

      expect(existsSync(listener.caFile)).toBe(false);
      expect(existsSync(broker.dataDir)).toBe(false);
    });
  });
});
