import { RECORD_HEADERS } from '@handover/contracts';
import { ROOT_CONTEXT, SpanKind, context, trace } from '@opentelemetry/api';
import { type Kafka, type ProducerBatch } from 'kafkajs';
import { type InMemoryTracing, startInMemoryTracing } from '../../../test/support/in-memory-tracing';
import { KafkaProducerService } from './kafka-producer.service';
import { type OutgoingRecord } from './outgoing-record';

const REMOTE_PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function record(key: string, headers: Record<string, string> = {}): OutgoingRecord {
  return {
    topic: 'engage.events.v1',
    key,
    value: '{"body":"customer text"}',
    headers: {
      [RECORD_HEADERS.eventType]: 'content.imported',
      [RECORD_HEADERS.eventId]: `event-${key}`,
      ...headers,
    },
  };
}

/** A producer service on a Kafka double that keeps what it was asked to send. */
function producerService(): { service: KafkaProducerService; sent: ProducerBatch[] } {
  const sent: ProducerBatch[] = [];
  const kafka = {
    producer: () => ({
      connect: () => Promise.resolve(),
      sendBatch: (batch: ProducerBatch) => {
        sent.push(batch);
        return Promise.resolve([]);
      },
      disconnect: () => Promise.resolve(),
    }),
  } as unknown as Kafka;
  const service = new KafkaProducerService(kafka, {
    brokers: ['127.0.0.1:9092'],
    clientId: 'test',
    lingerMs: 0,
    maxBufferedRecords: 100,
    topics: [],
  });
  return { service, sent };
}

const headersSent = (sent: ProducerBatch[]): Array<Record<string, unknown>> =>
  sent.flatMap(
    (batch) => batch.topicMessages?.flatMap((topic) => topic.messages.map((m) => m.headers ?? {})) ?? [],
  );

describe(KafkaProducerService.name, () => {
  describe('publish', () => {
    it('should send the headers as they are, without a traceparent, when tracing is off', async () => {
      const { service, sent } = producerService();
      const records = [record('thread-1'), record('thread-2')];

      await service.publish(records, { timeoutMs: 1_000 });
      await service.onApplicationShutdown();

      expect(headersSent(sent)).toEqual(records.map((r) => r.headers));
    });

    describe('when tracing is on', () => {
      let tracing: InMemoryTracing;

      beforeEach(() => {
        tracing = startInMemoryTracing();
      });

      afterEach(async () => {
        await tracing.stop();
      });

      it("should send each record with its own send span's traceparent, beneath the given parent, ended at the acknowledgement", async () => {
        const { service, sent } = producerService();
        const request = trace.getTracer('test').startSpan('POST /webhooks/engage');

        await service.publish([record('thread-1'), record('thread-2')], {
          timeoutMs: 1_000,
          parent: trace.setSpan(ROOT_CONTEXT, request),
        });
        await service.onApplicationShutdown();

        const spans = tracing.spans();
        expect(spans.map((span) => [span.name, span.kind, span.parentSpanContext?.spanId])).toEqual([
          ['send engage.events.v1', SpanKind.PRODUCER, request.spanContext().spanId],
          ['send engage.events.v1', SpanKind.PRODUCER, request.spanContext().spanId],
        ]);
        expect(spans[0].attributes).toEqual({
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.operation.name': 'send',
          'messaging.destination.name': 'engage.events.v1',
          'messaging.kafka.message.key': 'thread-1',
          'messaging.message.id': 'event-thread-1',
          'handover.event.type': 'content.imported',
        });
        expect(headersSent(sent).map((headers) => headers.traceparent)).toEqual(
          spans.map((span) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`),
        );
      });

      it('should start a new trace for a record without one and without a parent, whatever context is active', async () => {
        const { service } = producerService();
        const ambient = trace.getTracer('test').startSpan('an effect that woke the relay');

        await context.with(trace.setSpan(ROOT_CONTEXT, ambient), () =>
          service.publish([record('thread-1')], { timeoutMs: 1_000 }),
        );
        await service.onApplicationShutdown();

        const [span] = tracing.spans();
        expect(span.parentSpanContext).toBeUndefined();
        expect(span.spanContext().traceId).not.toBe(ambient.spanContext().traceId);
      });

      it('should continue the trace a record carries (an outbox row written in a traced handler) over the given parent', async () => {
        const { service, sent } = producerService();

        await service.publish([record('thread-1', { traceparent: REMOTE_PARENT, tracestate: 'vendor=1' })], {
          timeoutMs: 1_000,
          parent: trace.setSpan(ROOT_CONTEXT, trace.getTracer('test').startSpan('unrelated')),
        });
        await service.onApplicationShutdown();

        const [span] = tracing.spans();
        expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
        expect(span.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
        expect(headersSent(sent)[0]).toMatchObject({
          traceparent: `00-0af7651916cd43dd8448eb211c80319c-${span.spanContext().spanId}-01`,
          tracestate: 'vendor=1',
        });
      });
    });
  });
});
