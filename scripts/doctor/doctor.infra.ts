import { loadConfig } from '@handover/config';
import { ALL_TOPICS } from '@handover/contracts';
import { KafkaEnv, kafkaConnectionOf } from '@handover/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { type CheckResult } from './doctor.result';

type Env = Record<string, string | undefined>;

const TIMEOUT_MS = 10_000;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Kafka and Postgres, reached as the apps reach them (security variables and files included). */
export async function infraChecks(env: Env): Promise<CheckResult[]> {
  return [await checkKafka(env), await checkPostgres(env)];
}

export async function checkKafka(env: Env): Promise<CheckResult> {
  const title = 'Kafka';
  let kafka: Kafka;
  let protocol: string;
  try {
    const settings = loadConfig(KafkaEnv, env);
    protocol = settings.KAFKA_SECURITY_PROTOCOL;
    const { brokers, clientId, ssl, sasl } = kafkaConnectionOf(settings, 'doctor');
    kafka = new Kafka({
      brokers: [...brokers],
      clientId,
      ...(ssl ? { ssl } : {}),
      ...(sasl ? { sasl } : {}),
      connectionTimeout: 5_000,
      requestTimeout: 5_000,
      retry: { retries: 1 },
      logLevel: logLevel.NOTHING,
    });
  } catch {
    return skip(title, 'Not tried: the KAFKA_* variables must be set and valid first (see configuration).');
  }
  const admin = kafka.admin();
  try {
    const topics = await within(
      (async () => {
        await admin.connect();
        await admin.describeCluster();
        return admin.listTopics();
      })(),
    );
    const missing = ALL_TOPICS.map((topic) => topic.name).filter((name) => !topics.includes(name));
    const reached = `Kafka answers over ${protocol}`;
    return missing.length === 0
      ? { title, status: 'PASS', sentence: `${reached} and holds every topic the apps use.` }
      : {
          title,
          status: 'WARN',
          sentence: `${reached}; not created yet: ${missing.join(', ')}.`,
          fix: 'The apps create their topics at start (with their partitions); or create them as docs/asyncapi.yaml declares.',
        };
  } catch (error) {
    return { title, status: 'FAIL', sentence: `Kafka ${kafkaProblem(error)}.`, fix: kafkaFix(error) };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function checkPostgres(env: Env): Promise<CheckResult> {
  const title = 'Postgres';
  const url = env.DATABASE_URL?.trim();
  if (!url) {
    return skip(title, 'Not tried: DATABASE_URL is not set.');
  }
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await within(client.connect());
    const [row] = (
      await client.query<{ version: string; ssl: boolean | null }>(
        `SELECT current_setting('server_version') AS version,
                (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()) AS ssl`,
      )
    ).rows;
    const host = URL.canParse(url) ? new URL(url).hostname : '';
    const version = row.version.split(' ')[0];
    if (row.ssl !== true && !LOCAL_HOSTS.has(host)) {
      return {
        title,
        status: 'WARN',
        sentence: `Postgres ${version} answers, but the connection is not encrypted.`,
        fix: 'Add ?sslmode=verify-full&sslrootcert=/path/to/ca.pem to DATABASE_URL (the server must have ssl on).',
      };
    }
    const encrypted = row.ssl === true ? 'over TLS' : 'unencrypted, on this machine';
    return { title, status: 'PASS', sentence: `Postgres ${version} answers (${encrypted}).` };
  } catch (error) {
    return {
      title,
      status: 'FAIL',
      sentence: `Postgres refused or did not answer: ${postgresProblem(error)}.`,
      fix: 'Check DATABASE_URL (host, port, user, database, sslmode) and that the server accepts this host.',
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

function within<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function kafkaProblem(error: unknown): string {
  const { name, message } = error as { name?: string; message?: string };
  if (name === 'KafkaJSSASLAuthenticationError') {
    return 'refused the SASL credentials (KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD)';
  }
  if (/certificate|self.signed|SSL|TLS/i.test(message ?? '')) {
    return `refused the TLS connection: ${message}`;
  }
  return `did not answer (${name ?? 'error'})`;
}

function kafkaFix(error: unknown): string {
  const { name } = error as { name?: string };
  return name === 'KafkaJSSASLAuthenticationError'
    ? 'Check the SASL mechanism, user and password the cluster expects.'
    : 'Check KAFKA_BROKERS (host:port of the listener for this protocol), KAFKA_SECURITY_PROTOCOL and KAFKA_SSL_CA_FILE.';
}

/** Only pg's own error code and class: its message may quote the connection's details. */
function postgresProblem(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: string };
  if (typeof code === 'string') {
    return code;
  }
  return /no answer within/.test(message ?? '') ? (message ?? 'timeout') : 'unreachable';
}

function skip(title: string, sentence: string): CheckResult {
  return { title, status: 'SKIP', sentence };
}
