import { setTimeout as delay } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { describeError } from './poll-until.util';

export interface KafkaReadinessOptions {
  timeoutMs?: number;
  /** Returns an error as soon as waiting is pointless (the broker process died). */
  failFast?: () => Error | undefined;
}

/** Asks the broker itself whether it serves requests: connect + describeCluster, retried until the deadline. */
export async function waitForKafka(brokers: string[], options: KafkaReadinessOptions = {}): Promise<void> {
  const { timeoutMs = 60_000, failFast } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const fatal = failFast?.();
    if (fatal) {
      throw fatal;
    }
    try {
      await describeCluster(brokers, 2_000);
      return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `Kafka at ${brokers.join(',')} did not answer within ${timeoutMs} ms: ${describeError(lastError)}`,
      );
    }
    await delay(200);
  }
}

/** One quick question, for checking whether a recorded broker is still alive. */
export async function kafkaAnswers(brokers: string[], timeoutMs = 3_000): Promise<boolean> {
  try {
    await describeCluster(brokers, timeoutMs);
    return true;
  } catch {
    return false;
  }
}

async function describeCluster(brokers: string[], timeoutMs: number): Promise<void> {
  // Retries belong to the callers' loops; kafkajs' own backoff would only blur the deadline.
  const kafka = new Kafka({
    clientId: 'handover-test-infra',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(timeoutMs, 1_000),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    await admin.describeCluster();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
