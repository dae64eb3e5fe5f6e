import { setTimeout as delay } from 'node:timers/promises';
import { EngageApiError, EngageApiErrorCode } from '@handover/engage-client';
import { createTestDatabase, pollUntil, type TestDatabase } from '@handover/test-infra';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { DataSource, type EntityManager, type MigrationInterface, type QueryRunner } from 'typeorm';
import { EffectRecord } from '../runtime-schema/effect-record.entity';
import { type EffectExecutor, type EffectFailure } from './effect-executor';
import { EffectWorker } from './effect-worker';
import { type EffectWorkerOptions } from './effect-worker-options';
import { type EffectIntent, recordEffects } from './record-effects.util';
import { PlatformQuota, type PlatformQuotaOptions, QUOTA_SCHEMA } from '../quota/platform-quota';
import { startInMemoryTracing } from '../../../../test/support/in-memory-tracing';

// Stands in for the runtime tables migration, which is written separately; same columns as EffectRecord.
class CreateEffectsTestSchema1700000000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA effects_test');
    await queryRunner.query(`
      CREATE TABLE effects_test.effect (
        id text PRIMARY KEY,
        seq bigserial NOT NULL,
        kind text NOT NULL,
        sequence_key text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        priority text NOT NULL DEFAULT 'high',
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        outcome_unknown boolean NOT NULL DEFAULT false,
        last_error text,
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        trace_parent text,
        trace_state text
      )`);
    await queryRunner.query(
      "CREATE INDEX effect_due_idx ON effects_test.effect (next_attempt_at) WHERE status = 'pending'",
    );
    await queryRunner.query(
      "CREATE INDEX effect_sequence_idx ON effects_test.effect (sequence_key, seq) WHERE status = 'pending'",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SCHEMA effects_test CASCADE');
  }
}

const CONTENTS = 'POST /1.0/contents';
const timeout = (): EngageApiError => new EngageApiError(EngageApiErrorCode.Timeout, CONTENTS);
const serverError = (): EngageApiError => new EngageApiError(EngageApiErrorCode.ServerError, CONTENTS, 503);

type Step = Error | 'apply-then-timeout';

interface ReplyPayload {
  threadId: string;
  body: string;
}

/** The RCED platform as the worker sees it: replies posted by effect id, scripted failures. */
class FakePlatform {
  readonly replies = new Map<string, string>();
  readonly calls: Array<{ op: 'execute' | 'reconcile'; id: string }> = [];
  readonly started: string[] = [];
  latencyMs = 0;
  failing: (() => Error) | undefined;
  lookupFailures: Error[] = [];
  private readonly steps: Step[] = [];
  private readonly activeByKey = new Map<string, number>();
  maxActivePerKey = 0;
  maxActive = 0;
  private active = 0;

  script(...steps: Step[]): void {
    this.steps.push(...steps);
  }

  executions(id?: string): number {
    return this.calls.filter((call) => call.op === 'execute' && (id === undefined || call.id === id)).length;
  }

  async post(id: string, key: string, body: string): Promise<{ contentId: string }> {
    this.calls.push({ op: 'execute', id });
    this.started.push(id);
    this.enter(key);
    try {
      if (this.latencyMs > 0) {
        await delay(this.latencyMs);
      }
      if (this.failing) {
        throw this.failing();
      }
      const step = this.steps.shift();
      if (step instanceof Error) {
        throw step;
      }
      this.replies.set(id, body);
      if (step === 'apply-then-timeout') {
        throw timeout();
      }
      return { contentId: `content-${id}` };
    } finally {
      this.leave(key);
    }
  }

  find(id: string): Promise<{ contentId: string } | undefined> {
    this.calls.push({ op: 'reconcile', id });
    const failure = this.lookupFailures.shift();
    if (failure) {
      return Promise.reject(failure);
    }
    return Promise.resolve(this.replies.has(id) ? { contentId: `content-${id}` } : undefined);
  }

  private enter(key: string): void {
    const perKey = (this.activeByKey.get(key) ?? 0) + 1;
    this.activeByKey.set(key, perKey);
    this.active += 1;
    this.maxActivePerKey = Math.max(this.maxActivePerKey, perKey);
    this.maxActive = Math.max(this.maxActive, this.active);
  }

  private leave(key: string): void {
    this.activeByKey.set(key, (this.activeByKey.get(key) ?? 1) - 1);
    this.active -= 1;
  }
}

describe(EffectWorker.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let platform: FakePlatform;
  let clock: number;
  let errors: Array<{ message: string; context?: object }>;
  let failures: EffectFailure[];
  let followUps: EffectIntent[];
  let recordFollowUps: boolean;
  let notified: string[];
  const workers: EffectWorker[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: [CreateEffectsTestSchema1700000000001] });
    dataSource = new DataSource({
      type: 'postgres',
      url: database.url,
      entities: [EffectRecord],
      extra: { options: '-c search_path=effects_test' },
    });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE effect');
    await dataSource.query(`DROP SCHEMA IF EXISTS ${QUOTA_SCHEMA} CASCADE`);
    platform = new FakePlatform();
    clock = Date.parse('2030-01-01T00:00:00Z');
    errors = [];
    failures = [];
    followUps = [];
    recordFollowUps = false;
    notified = [];
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  });

  const advance = (ms: number): void => {
    clock += ms;
  };

  const replyExecutor = (): EffectExecutor<ReplyPayload, { contentId: string }> => ({
    kind: 'reply',
    execute: (effect) => platform.post(effect.id, effect.sequenceKey, effect.payload.body),
    reconcile: (effect) => platform.find(effect.id),
    onDone: async (manager: EntityManager, effect) => {
      if (recordFollowUps) {
        followUps.push(...(await followUpsOf(manager, effect.id)));
      }
    },
    onFailed: (_manager, _effect, failure) => {
      failures.push(failure);
      return Promise.resolve();
    },
  });

  // Records a follow-up effect in the transaction that marks the reply done.
  const followUpsOf = async (manager: EntityManager, id: string): Promise<EffectIntent[]> => {
    const intent = { id: `notify:${id}`, kind: 'notify', sequenceKey: 'notifications', payload: { id } };
    await recordEffects(manager, [intent]);
    return [intent];
  };

  const quotaOf = (limits: Partial<PlatformQuotaOptions>): PlatformQuotaOptions => ({
    calls: 100,
    windowMs: 60_000,
    reservedForHigh: 0,
    holder: 'effect-worker-test',
    ...limits,
  });

  const createWorker = (
    options: EffectWorkerOptions = {},
    notifyCalls?: number,
    quota?: PlatformQuota,
  ): EffectWorker => {
    const notifyExecutor: EffectExecutor<{ id: string }> = {
      kind: 'notify',
      callsPerRun: notifyCalls,
      execute: (effect) => {
        notified.push(effect.payload.id);
        return Promise.resolve({});
      },
    };
    const worker = new EffectWorker(dataSource, [replyExecutor(), notifyExecutor], options, {
      quota,
      now: () => new Date(clock),
      random: () => 0,
      logger: {
        log: () => undefined,
        warn: () => undefined,
        error: (message, context) => errors.push({ message, context }),
      },
    });
    workers.push(worker);
    return worker;
  };

  const reply = (id: string, threadId = `thread-${id}`, kind = 'reply'): EffectIntent => ({
    id: `reply:${id}`,
    kind,
    sequenceKey: threadId,
    payload: { threadId, body: `answer ${id}` },
  });

  const record = (...intents: EffectIntent[]): Promise<void> =>
    dataSource.transaction((manager) => recordEffects(manager, intents));

  const row = async (id: string): Promise<EffectRecord> =>
    dataSource.getRepository(EffectRecord).findOneByOrFail({ id });

  describe('runOnce', () => {
    it('should post the reply once and store its result when an effect is recorded twice', async () => {
      const worker = createWorker();
      recordFollowUps = true;

      await record(reply('c1'));
      await record(reply('c1'), reply('c1'));
      expect(await dataSource.getRepository(EffectRecord).countBy({ id: 'reply:c1' })).toBe(1);
      expect(await worker.runOnce()).toBe(1);
      expect(await worker.runOnce()).toBe(1);
      expect(await worker.runOnce()).toBe(0);

      expect(platform.executions()).toBe(1);
      expect([...platform.replies.keys()]).toEqual(['reply:c1']);
      const done = await row('reply:c1');
      expect(done).toMatchObject({
        status: 'done',
        attempts: 1,
        outcomeUnknown: false,
        lastError: null,
        result: { contentId: 'content-reply:c1' },
      });
      expect(followUps.map((intent) => intent.id)).toEqual(['notify:reply:c1']);
      expect(notified).toEqual(['reply:c1']);
      expect(await row('notify:reply:c1')).toMatchObject({ status: 'done', kind: 'notify' });
    });

    it('should take an effect claimed within the millisecond it was recorded in', async () => {
      await record(reply('c1'));
      const [{ recorded }] = await dataSource.query<Array<{ recorded: string }>>(
        `SELECT to_char(next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded
         FROM effect WHERE id = 'reply:c1'`,
      );
      // A JavaScript clock read in that millisecond: Date.parse keeps whole milliseconds.
      clock = Date.parse(recorded);

      expect(await createWorker().runOnce()).toBe(1);
      expect(platform.executions('reply:c1')).toBe(1);
    });

    it('should retry after the backoff when the platform answers 5xx', async () => {
      const worker = createWorker({ baseDelayMs: 200 });
      platform.script(serverError());
      await record(reply('c1'));

      expect(await worker.runOnce()).toBe(0);
      const retrying = await row('reply:c1');
      expect(retrying).toMatchObject({ status: 'pending', attempts: 1, outcomeUnknown: true });
      expect(retrying.lastError).toBe('server_error: Engage POST /1.0/contents failed: server_error (503)');
      // Equal jitter with random() = 0: half of base · 2^0.
      expect(retrying.nextAttemptAt.getTime()).toBe(clock + 100);

      advance(99);
      expect(await worker.runOnce()).toBe(0);
      expect(platform.executions()).toBe(1);

      advance(1);
      expect(await worker.runOnce()).toBe(1);
      expect(platform.executions()).toBe(2);
      expect(platform.calls.map((call) => call.op)).toEqual(['execute', 'reconcile', 'execute']);
      expect(await row('reply:c1')).toMatchObject({ status: 'done', attempts: 2, outcomeUnknown: false });
      expect(platform.replies.size).toBe(1);
    });

    it('should reconcile instead of posting again when the platform applied the reply and then timed out', async () => {
      const worker = createWorker();
      platform.script('apply-then-timeout');
      await record(reply('c1'));

      expect(await worker.runOnce()).toBe(0);
      expect(await row('reply:c1')).toMatchObject({ status: 'pending', outcomeUnknown: true });
      advance(1_000);
      expect(await worker.runOnce()).toBe(1);

      expect(platform.executions()).toBe(1);
      expect(platform.replies.size).toBe(1);
      expect(await row('reply:c1')).toMatchObject({
        status: 'done',
        attempts: 2,
        result: { contentId: 'content-reply:c1' },
      });
    });

    it('should keep the outcome unknown and retry later when the reconcile lookup times out', async () => {
      const worker = createWorker();
      platform.script('apply-then-timeout');
      platform.lookupFailures.push(
        timeout(),
        new EngageApiError(EngageApiErrorCode.RateLimited, CONTENTS, 429),
      );
      await record(reply('c1'));

      for (let pass = 0; pass < 3; pass += 1) {
        expect(await worker.runOnce()).toBe(0);
        expect(await row('reply:c1')).toMatchObject({ status: 'pending', outcomeUnknown: true });
        advance(1_000);
      }
      expect(await worker.runOnce()).toBe(1);

      expect(platform.executions()).toBe(1);
      expect(platform.calls.map((call) => call.op)).toEqual([
        'execute',
        'reconcile',
        'reconcile',
        'reconcile',
      ]);
      expect(await row('reply:c1')).toMatchObject({ status: 'done', attempts: 4 });
    });

    it('should reconcile before executing when a crashed attempt left the effect behind', async () => {
      const worker = createWorker();
      await record(reply('applied'), reply('lost'));
      platform.replies.set('reply:applied', 'answer applied');
      await dataSource.query('UPDATE effect SET attempts = 1, outcome_unknown = true, next_attempt_at = $1', [
        new Date(clock - 1),
      ]);

      expect(await worker.runOnce()).toBe(2);

      expect(platform.calls.filter((call) => call.id === 'reply:applied').map((call) => call.op)).toEqual([
        'reconcile',
      ]);
      expect(platform.calls.filter((call) => call.id === 'reply:lost').map((call) => call.op)).toEqual([
        'reconcile',
        'execute',
      ]);
      expect(platform.replies.size).toBe(2);
      expect(await row('reply:applied')).toMatchObject({ status: 'done', attempts: 2 });
    });

    it('should take over and reconcile when a worker hangs past its lease', async () => {
      let release: () => void = () => undefined;
      const hanging = new EffectWorker(
        dataSource,
        [
          {
            kind: 'reply',
            execute: async (effect) => {
              platform.replies.set(effect.id, 'answer');
              await new Promise<void>((resolve) => (release = resolve));
              return { contentId: 'late' };
            },
          },
        ],
        { leaseMs: 30_000 },
        {
          now: () => new Date(clock),
          logger: { log: () => undefined, warn: () => undefined, error: () => 0 },
        },
      );
      const rescuer = createWorker({ leaseMs: 30_000 });
      await record(reply('c1'));

      const stuck = hanging.runOnce();
      await pollUntil(() => platform.replies.has('reply:c1'), { description: 'the hanging post' });
      expect(await rescuer.runOnce()).toBe(0);
      advance(30_000);
      expect(await rescuer.runOnce()).toBe(1);
      release();
      await stuck;

      expect(platform.calls).toEqual([{ op: 'reconcile', id: 'reply:c1' }]);
      expect(platform.replies.size).toBe(1);
      expect(await row('reply:c1')).toMatchObject({
        status: 'done',
        attempts: 2,
        result: { contentId: 'content-reply:c1' },
      });
    });

    it('should pause every effect until Retry-After has passed when the platform answers 429', async () => {
      const worker = createWorker();
      platform.script(new EngageApiError(EngageApiErrorCode.RateLimited, CONTENTS, 429, undefined, 5));
      await record(reply('c1'));

      expect(await worker.runOnce()).toBe(0);
      expect((await row('reply:c1')).nextAttemptAt.getTime()).toBe(clock + 5_000);
      expect(await row('reply:c1')).toMatchObject({ outcomeUnknown: false });
      await record(reply('c2'));
      advance(4_999);
      expect(await worker.runOnce()).toBe(0);
      expect(platform.calls).toHaveLength(1);

      advance(1);
      expect(await worker.runOnce()).toBe(2);
      expect(platform.executions()).toBe(3);
      expect(platform.replies.size).toBe(2);
      expect(await row('reply:c1')).toMatchObject({ status: 'done', attempts: 2 });
    });

    it('should start no more calls than the shared quota grants, and the rest a window after they ended', async () => {
      const quota = await PlatformQuota.open(dataSource, quotaOf({ calls: 3, windowMs: 1_000 }));
      const worker = createWorker({}, undefined, quota);
      await record(...['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => reply(id)));

      expect(await worker.runOnce()).toBe(3);
      expect(await worker.runOnce()).toBe(0);
      expect(platform.executions()).toBe(3);
      expect(await quota.usage()).toEqual({ high: 3, low: 0 });

      let later = 0;
      await pollUntil(async () => (later += await worker.runOnce()) === 2, { timeoutMs: 5_000 });
      expect(platform.replies.size).toBe(5);
    });

    it('should spend as many slots as an effect makes calls (a read before a write counts twice)', async () => {
      const quota = await PlatformQuota.open(dataSource, quotaOf({ calls: 4 }));
      const worker = createWorker({}, 2, quota);
      await record(
        ...['n1', 'n2', 'n3'].map((id) => ({ ...reply(id, `thread-${id}`, 'notify'), payload: { id } })),
      );

      expect(await worker.runOnce()).toBe(2);
      expect(await worker.runOnce()).toBe(0);
      expect(notified).toHaveLength(2);
      expect(await quota.usage()).toEqual({ high: 4, low: 0 });
    });

    it('should run high-priority effects first and low ones only while the reserve stays free', async () => {
      const quota = await PlatformQuota.open(dataSource, quotaOf({ calls: 4, reservedForHigh: 2 }));
      const worker = createWorker({}, undefined, quota);
      await record(
        ...['e1', 'e2', 'e3'].map((id) => ({ ...reply(id), priority: 'low' as const })),
        reply('c1'),
      );

      // c1 first although recorded last; then low ones until only the reserve is left.
      expect(await worker.runOnce()).toBe(2);
      expect(platform.started).toEqual(['reply:c1', 'reply:e1']);
      expect(await worker.runOnce()).toBe(0);

      await record(reply('c2'), reply('c3'), reply('c4'));
      expect(await worker.runOnce()).toBe(2);
      expect(platform.started.slice(2)).toEqual(['reply:c2', 'reply:c3']);
      expect(await quota.usage()).toEqual({ high: 3, low: 1 });
    });

    it('should fail for good and call onFailed once when the platform refuses with 403', async () => {
      const worker = createWorker();
      platform.script(
        new EngageApiError(EngageApiErrorCode.ClientError, CONTENTS, 403, { error: 'forbidden' }),
      );
      await record(reply('c1'));

      expect(await worker.runOnce()).toBe(1);
      advance(60_000);
      expect(await worker.runOnce()).toBe(0);

      expect(platform.executions()).toBe(1);
      expect(failures).toEqual([
        {
          code: 'client_error',
          message: expect.stringContaining('403') as unknown,
          status: 403,
          attempts: 1,
        },
      ]);
      expect(await row('reply:c1')).toMatchObject({
        status: 'failed',
        lastError: 'client_error: Engage POST /1.0/contents failed: client_error (403 forbidden)',
      });
      expect(errors).toEqual([
        {
          message: 'Effect failed for good',
          context: expect.objectContaining({ id: 'reply:c1' }) as unknown,
        },
      ]);
    });

    it('should fail for good when the attempts reach maxAttempts', async () => {
      const worker = createWorker({ maxAttempts: 3 });
      platform.failing = serverError;
      await record(reply('c1'));

      expect(await worker.runOnce()).toBe(0);
      advance(1_000);
      expect(await worker.runOnce()).toBe(0);
      advance(1_000);
      expect(await worker.runOnce()).toBe(1);
      advance(60_000);
      expect(await worker.runOnce()).toBe(0);

      expect(platform.executions()).toBe(3);
      expect(failures).toEqual([expect.objectContaining({ code: 'server_error', status: 503, attempts: 3 })]);
      expect(await row('reply:c1')).toMatchObject({ status: 'failed', attempts: 3, outcomeUnknown: true });
      expect(errors).toHaveLength(1);
    });

    it('should fail with unknown_kind when no executor handles the kind', async () => {
      const worker = createWorker();
      await record(reply('c1', 'thread-1', 'fax'));

      expect(await worker.runOnce()).toBe(1);

      expect(await row('reply:c1')).toMatchObject({
        status: 'failed',
        lastError: 'unknown_kind: No effect executor for kind fax',
      });
      expect(errors).toHaveLength(1);
    });

    it('should run the effects of one thread in recording order, one at a time, when other threads run alongside', async () => {
      const worker = createWorker();
      platform.latencyMs = 20;
      await record(reply('a1', 'thread-a'), reply('a2', 'thread-a'), reply('b1', 'thread-b'));
      await record(reply('a3', 'thread-a'), reply('b2', 'thread-b'));

      let settled = 0;
      for (let pass = 0; pass < 10 && settled < 5; pass += 1) {
        settled += await worker.runOnce();
      }

      expect(settled).toBe(5);
      expect(platform.started.filter((id) => id.startsWith('reply:a'))).toEqual([
        'reply:a1',
        'reply:a2',
        'reply:a3',
      ]);
      expect(platform.started.filter((id) => id.startsWith('reply:b'))).toEqual(['reply:b1', 'reply:b2']);
      expect(platform.maxActivePerKey).toBe(1);
      expect(platform.maxActive).toBe(2);
    });

    it('should stop calling the platform while the circuit is open and close it after a half-open success', async () => {
      const worker = createWorker({ circuitFailureThreshold: 3, circuitCooldownMs: 10_000 });
      platform.failing = serverError;
      await record(reply('c1'));

      for (let attempt = 0; attempt < 3; attempt += 1) {
        expect(worker.circuitState()).toBe('closed');
        expect(await worker.runOnce()).toBe(0);
        advance(1_000);
      }
      expect(worker.circuitState()).toBe('open');
      await record(reply('c2'), reply('c3'), reply('c4'));
      expect(await worker.runOnce()).toBe(0);
      advance(5_000);
      expect(await worker.runOnce()).toBe(0);
      expect(platform.calls).toHaveLength(3 * 2 - 1);

      advance(4_000);
      expect(worker.circuitState()).toBe('half_open');
      expect(await worker.runOnce()).toBe(0);
      expect(worker.circuitState()).toBe('open');
      expect(platform.executions()).toBe(4);

      advance(10_000);
      platform.failing = undefined;
      expect(worker.circuitState()).toBe('half_open');
      expect(await worker.runOnce()).toBe(1);
      expect(platform.executions()).toBe(5);
      expect(worker.circuitState()).toBe('closed');
      expect(await worker.runOnce()).toBe(3);
      expect(platform.replies.size).toBe(4);
    });
  });

  describe('tracing', () => {
    it('should record no trace and make no span when tracing is off', async () => {
      await record(reply('c1'));
      await createWorker().runOnce();

      expect(await row('reply:c1')).toMatchObject({ status: 'done', traceParent: null, traceState: null });
    });

    it('should run each attempt in a CLIENT span beneath the span that recorded it, and carry it to what settling records', async () => {
      const tracing = startInMemoryTracing();
      try {
        const worker = createWorker();
        recordFollowUps = true;
        const decision = trace.getTracer('test').startSpan('process engage.events.v1');
        await context.with(trace.setSpan(ROOT_CONTEXT, decision), () => record(reply('c1')));
        decision.end();
        platform.script(serverError());

        await worker.runOnce();
        advance(60_000);
        await worker.runOnce();
        await worker.runOnce();

        const { traceId, spanId } = decision.spanContext();
        expect(await row('reply:c1')).toMatchObject({
          traceParent: `00-${traceId}-${spanId}-01`,
          traceState: null,
        });
        const [failed, posted, notify] = tracing.spans().filter((span) => span.kind === SpanKind.CLIENT);
        expect([failed, posted].map((span) => [span.name, span.parentSpanContext?.spanId])).toEqual([
          ['reply', spanId],
          ['reply', spanId],
        ]);
        expect(failed.status.code).toBe(SpanStatusCode.ERROR);
        expect(failed.attributes).toMatchObject({
          'handover.effect.id': 'reply:c1',
          'handover.effect.attempt': 1,
          'handover.effect.outcome': 'retry',
          'error.type': EngageApiErrorCode.ServerError,
        });
        expect(posted.attributes).toMatchObject({
          'handover.effect.attempt': 2,
          'handover.effect.outcome': 'done',
        });
        expect(Object.keys(posted.attributes).join()).not.toContain('payload');
        // The follow-up recorded when the reply was marked done runs beneath the reply's span.
        expect(notify.name).toBe('notify');
        expect(notify.parentSpanContext?.spanId).toBe(posted.spanContext().spanId);
        expect(notify.spanContext().traceId).toBe(traceId);
      } finally {
        await tracing.stop();
      }
    });
  });

  describe('start', () => {
    it("should leave a lane's kinds to the lane, let other threads run while it is slow, and run a thread's next effect right after the lane's ends", async () => {
      const asked: string[] = [];
      let answerAsk: () => void = () => undefined;
      const askExecutor: EffectExecutor<{ id: string }> = {
        kind: 'ask',
        execute: async (effect) => {
          asked.push(effect.payload.id);
          await new Promise<void>((resolve) => (answerAsk = resolve));
          return {};
        },
      };
      const deps = { now: () => new Date(clock), afterCommit: () => lanes.forEach((lane) => lane.wake()) };
      const lanes = [
        new EffectWorker(
          dataSource,
          [replyExecutor()],
          { pollIntervalMs: 60_000, kinds: { except: ['ask'] } },
          deps,
        ),
        new EffectWorker(
          dataSource,
          [askExecutor],
          { pollIntervalMs: 60_000, kinds: { only: ['ask'] } },
          deps,
        ),
      ];
      workers.push(...lanes);
      await record(
        { id: 'ask:c1', kind: 'ask', sequenceKey: 'thread-1', payload: { id: 'c1' } },
        reply('c1', 'thread-1'),
        reply('c2', 'thread-2'),
      );

      lanes.forEach((lane) => lane.start());
      await pollUntil(async () => (await row('reply:c2')).status === 'done', {
        timeoutMs: 5_000,
        description: "thread-2's reply done while thread-1's ask is in flight",
      });
      const whileAsking = (await row('reply:c1')).status;
      answerAsk();
      await pollUntil(async () => (await row('reply:c1')).status === 'done', {
        timeoutMs: 2_000,
        description: "thread-1's reply done once its ask ended (long before the 60 s poll)",
      });

      expect(whileAsking).toBe('pending');
      expect(asked).toEqual(['c1']);
      expect(platform.started).toEqual(['reply:c2', 'reply:c1']);
      expect(() => new EffectWorker(dataSource, [askExecutor], { kinds: { except: ['ask'] } })).toThrow(
        'Effect executors for kinds this worker never claims: ask',
      );
    });

    it('should run newly recorded effects at once when woken, without waiting for the poll interval', async () => {
      const worker = createWorker({ pollIntervalMs: 60_000 });
      worker.start();
      await delay(50);
      await record(reply('c1', 'thread-1'), reply('c2', 'thread-1'), reply('c3', 'thread-2'));

      worker.wake();

      await pollUntil(
        async () => (await dataSource.getRepository(EffectRecord).countBy({ status: 'done' })) === 3,
        { timeoutMs: 5_000, description: 'three effects done' },
      );
      await worker.stop();
      expect(platform.replies.size).toBe(3);
    });

    it("should start a thread's next effect as the one before it ends, in order, once each, and not before it is due", async () => {
      const worker = createWorker({ pollIntervalMs: 60_000 });
      const notify = (id: string): EffectIntent => ({
        id: `notify:${id}`,
        kind: 'notify',
        sequenceKey: 'thread-1',
        payload: { id },
      });
      await record(notify('n1'), notify('n2'), notify('n3'), notify('n4'));
      // n4 waits for a backoff: the end of n3 must not start it early.
      await dataSource.query(`UPDATE effect SET next_attempt_at = $1 WHERE id = 'notify:n4'`, [
        new Date(clock + 30_000),
      ]);

      worker.start();
      await pollUntil(
        async () => (await dataSource.getRepository(EffectRecord).countBy({ status: 'done' })) === 3,
        { timeoutMs: 5_000, description: 'n1 to n3 done' },
      );
      await delay(100);
      const beforeDue = [...notified];
      advance(30_000);
      worker.wake();
      await pollUntil(
        async () => (await dataSource.getRepository(EffectRecord).countBy({ status: 'done' })) === 4,
        { timeoutMs: 5_000, description: 'n4 done once due' },
      );
      await worker.stop();

      expect(beforeDue).toEqual(['n1', 'n2', 'n3']);
      expect(notified).toEqual(['n1', 'n2', 'n3', 'n4']);
      const rows = await dataSource.getRepository(EffectRecord).find({ order: { seq: 'ASC' } });
      expect(rows.map((effect) => [effect.id, effect.attempts, effect.outcomeUnknown])).toEqual([
        ['notify:n1', 1, false],
        ['notify:n2', 1, false],
        ['notify:n3', 1, false],
        ['notify:n4', 1, false],
      ]);
    });
  });
});
