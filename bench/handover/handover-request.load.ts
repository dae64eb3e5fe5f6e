import { performance } from 'node:perf_hooks';
import { type Producer } from 'kafkajs';
import {
  BOT_EVENTS_SCHEMA_VERSION,
  type BotHandoverRequestedEvent,
  RECORD_HEADERS,
} from '../../libs/contracts/src';
import { type SeededThread } from './platform-setup';

const BOT_TEXT = 'Je vous mets en relation avec un conseiller.';

/** One `bot.handover_requested` the bench published, in epoch ms. */
export interface SentRequest {
  readonly threadId: string;
  readonly measured: boolean;
  /** When the even schedule due it (start + i / rate). */
  readonly dueAt: number;
  /** Right before `producer.send`: the start of the measured latency. */
  sentAt: number;
  /** The broker acknowledged it (acks: all). */
  ackedAt?: number;
  error?: string;
}

/** The record bot-responder would write (apps/bot-responder/src/replies/bot-event.record.ts), v1.1 fields included. */
export function handoverRequestRecord(
  thread: SeededThread,
  occurredAt: string,
): { key: string; value: string; headers: Record<string, string> } {
  const event: BotHandoverRequestedEvent = {
    type: 'bot.handover_requested',
    event_id: `bot.handover_requested:${thread.contentId}`,
    thread_id: thread.threadId,
    content_id: thread.contentId,
    source_id: thread.sourceId,
    occurred_at: occurredAt,
    language: 'fr',
    reason: 'explicit',
    text: BOT_TEXT,
    intent: 'human_agent',
    transcript: [
      { at: thread.createdAt, from: 'customer', text: thread.body },
      { at: occurredAt, from: 'bot', text: BOT_TEXT },
    ],
    category_ids: thread.categoryIds,
    categories_at: thread.createdAt,
    intervention_id: thread.interventionId,
  };
  return {
    key: event.thread_id,
    value: JSON.stringify(event),
    headers: {
      [RECORD_HEADERS.eventType]: event.type,
      [RECORD_HEADERS.eventId]: event.event_id,
      [RECORD_HEADERS.schemaVersion]: BOT_EVENTS_SCHEMA_VERSION,
    },
  };
}

/**
 * One request per thread, evenly paced (open loop: request i goes out at start + i / rate whatever
 * the broker does), each its own `send` so none waits for a batch; the first `warmup` threads are
 * not measured. Resolves once every send settled.
 */
export function publishHandoverRequests(
  producer: Producer,
  options: { topic: string; threads: readonly SeededThread[]; ratePerSec: number; warmup: number },
): Promise<SentRequest[]> {
  const { threads, ratePerSec } = options;
  const intervalMs = 1_000 / ratePerSec;
  const sent: SentRequest[] = [];
  const settled: Array<Promise<void>> = [];
  const started = performance.now();
  return new Promise((resolve) => {
    const fire = (index: number): void => {
      const thread = threads[index];
      const record = handoverRequestRecord(thread, new Date(epochNow()).toISOString());
      const request: SentRequest = {
        threadId: thread.threadId,
        measured: index >= options.warmup,
        dueAt: performance.timeOrigin + started + index * intervalMs,
        sentAt: epochNow(),
      };
      sent.push(request);
      settled.push(
        producer.send({ topic: options.topic, acks: -1, messages: [record] }).then(
          () => {
            request.ackedAt = epochNow();
          },
          (error: unknown) => {
            request.error = error instanceof Error ? error.message : String(error);
          },
        ),
      );
    };
    let next = 0;
    const tick = (): void => {
      const due = Math.min(threads.length, Math.floor((performance.now() - started) / intervalMs) + 1);
      while (next < due) {
        fire(next++);
      }
      if (next < threads.length) {
        setTimeout(tick, Math.max(0, started + next * intervalMs - performance.now()));
      } else {
        void Promise.all(settled).then(() => resolve(sent));
      }
    };
    tick();
  });
}

export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
