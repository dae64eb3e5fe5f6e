import { useTestSchema } from '@handover/test-infra';
import { type EffectExecutor } from '../effects/effect-executor';
import { EffectWorker } from '../effects/effect-worker';
import { type EffectIntent, recordEffects } from '../effects/record-effects.util';
import { discardEffect, retryEffect } from './effect-actions';
import { listFailedEffects, showEffect } from './failed-effects';
import { OperationErrorCode } from './operation.exception';
import { type OpsScope } from './ops-scope';

const SCHEMA = 'ops_effects_test';
const OPERATOR = { actor: 'alice', reason: 'RCED was down for an hour' };

/** A platform call that reached RCED, then timed out on its way back: its outcome is unknown. */
const appliedThenTimedOut = (): Error =>
  Object.assign(new Error('POST /1.0/contents timed out'), {
    code: 'timeout',
    retriable: true,
    outcomeUnknown: true,
  });
const refused = (): Error =>
  Object.assign(new Error('POST /1.0/contents answered 400'), { code: 'bad_request', status: 400 });

/** RCED as the bot's reply executor sees it: replies posted by effect id, failures scripted. */
class ScriptedPlatform {
  readonly posted = new Map<string, string>();
  readonly calls: Array<{ op: 'execute' | 'reconcile'; id: string }> = [];
  private readonly failures: Array<'applied-then-timeout' | 'refuse'> = [];

  script(...failures: Array<'applied-then-timeout' | 'refuse'>): void {
    this.failures.push(...failures);
  }

  post(id: string, body: string): Promise<{ contentId: string }> {
    this.calls.push({ op: 'execute', id });
    const failure = this.failures.shift();
    if (failure === 'refuse') {
      return Promise.reject(refused());
    }
    this.posted.set(id, body);
    return failure === 'applied-then-timeout'
      ? Promise.reject(appliedThenTimedOut())
      : Promise.resolve({ contentId: `content-${id}` });
  }

  find(id: string): Promise<{ contentId: string } | undefined> {
    this.calls.push({ op: 'reconcile', id });
    return Promise.resolve(this.posted.has(id) ? { contentId: `content-${id}` } : undefined);
  }
}

describe('effect operations', () => {
  const dataSource = useTestSchema({ schema: SCHEMA, entities: [], migrations: [] });
  let scope: OpsScope;
  let platform: ScriptedPlatform;

  beforeEach(async () => {
    scope = { dataSource: dataSource(), schema: SCHEMA };
    platform = new ScriptedPlatform();
    await dataSource().query('TRUNCATE effect, ops_audit');
  });

  const worker = (): EffectWorker => {
    const executor: EffectExecutor<{ body: string }> = {
      kind: 'post_reply',
      execute: (effect) => platform.post(effect.id, effect.payload.body),
      reconcile: (effect) => platform.find(effect.id),
    };
    const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };
    // One attempt: a failure is final, as after EFFECT_MAX_ATTEMPTS in production.
    return new EffectWorker(dataSource(), [executor], { maxAttempts: 1 }, { logger: silent });
  };

  const reply = (id: string, threadId = 'thread-1'): EffectIntent => ({
    id: `reply:${id}`,
    kind: 'post_reply',
    sequenceKey: threadId,
    payload: { body: `answer ${id}` },
  });

  const record = (...intents: EffectIntent[]): Promise<void> =>
    dataSource().transaction((manager) => recordEffects(manager, intents));

  /** Records the effects and lets one worker pass fail them for good, as the platform is scripted. */
  const failed = async (...intents: EffectIntent[]): Promise<void> => {
    await record(...intents);
    await worker().runOnce();
  };

  const statusOf = async (id: string): Promise<string> => (await showEffect(scope, id)).effect.status;

  const auditRows = (): Promise<Array<Record<string, unknown>>> =>
    dataSource().query('SELECT actor, action, target_kind, target_id, reason, before, after FROM ops_audit');

  describe(listFailedEffects.name, () => {
    it('should list only failed effects, newest failure first, by thread, kind and time', async () => {
      await record(reply('a', 'thread-1'), reply('b', 'thread-2'), reply('c', 'thread-1'), reply('d'));
      await dataSource().query(`UPDATE effect SET status = 'failed', updated_at = $2 WHERE id = $1`, [
        'reply:a',
        new Date('2030-01-01T10:00:00Z'),
      ]);
      await dataSource().query(`UPDATE effect SET status = 'failed', updated_at = $2 WHERE id = $1`, [
        'reply:b',
        new Date('2030-01-01T11:00:00Z'),
      ]);
      await dataSource().query(
        `UPDATE effect SET status = 'failed', kind = 'close_intervention', updated_at = $2 WHERE id = $1`,
        ['reply:c', new Date('2030-01-01T12:00:00Z')],
      );
      const ids = async (filter: Parameters<typeof listFailedEffects>[1]): Promise<string[]> =>
        (await listFailedEffects(scope, filter)).map((effect) => effect.id);

      expect(await ids({ limit: 10 })).toEqual(['reply:c', 'reply:b', 'reply:a']);
      expect(await ids({ limit: 10, threadId: 'thread-1' })).toEqual(['reply:c', 'reply:a']);
      expect(await ids({ limit: 10, kind: 'post_reply' })).toEqual(['reply:b', 'reply:a']);
      expect(
        await ids({
          limit: 10,
          since: new Date('2030-01-01T10:30:00Z'),
          until: new Date('2030-01-01T11:00:00Z'),
        }),
      ).toEqual(['reply:b']);
      expect(await ids({ limit: 1 })).toEqual(['reply:c']);
    });
  });

  describe(retryEffect.name, () => {
    it('should post a refused reply when retried, under the same id, with fresh attempts', async () => {
      platform.script('refuse');
      await failed(reply('c1'));
      expect(await statusOf('reply:c1')).toBe('failed');

      const retried = await retryEffect(scope, 'reply:c1', OPERATOR);
      expect(retried).toMatchObject({ status: 'pending', attempts: 0, outcomeUnknown: false });

      expect(await worker().runOnce()).toBe(1);
      expect((await showEffect(scope, 'reply:c1')).effect).toMatchObject({
        status: 'done',
        attempts: 1,
        result: { contentId: 'content-reply:c1' },
      });
      expect([...platform.posted.keys()]).toEqual(['reply:c1']);
    });

    it('should find the earlier call instead of posting twice when the failed call may have been applied', async () => {
      platform.script('applied-then-timeout');
      await failed(reply('c1'));
      expect((await showEffect(scope, 'reply:c1')).effect).toMatchObject({
        status: 'failed',
        outcomeUnknown: true,
      });

      const retried = await retryEffect(scope, 'reply:c1', OPERATOR);
      expect(retried).toMatchObject({ status: 'pending', outcomeUnknown: true });
      expect(await worker().runOnce()).toBe(1);

      expect(platform.calls).toEqual([
        { op: 'execute', id: 'reply:c1' },
        { op: 'reconcile', id: 'reply:c1' },
      ]);
      expect(platform.posted.size).toBe(1);
      expect((await showEffect(scope, 'reply:c1')).effect).toMatchObject({
        status: 'done',
        outcomeUnknown: false,
        result: { contentId: 'content-reply:c1' },
      });
    });

    it('should write one audit row with who, why, and the state before and after', async () => {
      platform.script('refuse');
      await failed(reply('c1'));

      await retryEffect(scope, 'reply:c1', OPERATOR);

      const rows = await auditRows();
      expect(rows).toEqual([
        expect.objectContaining({
          actor: 'alice',
          action: 'retry',
          target_kind: 'effect',
          target_id: 'reply:c1',
          reason: 'RCED was down for an hour',
          before: expect.objectContaining({ status: 'failed', attempts: 1 }) as unknown,
          after: expect.objectContaining({ status: 'pending', attempts: 0 }) as unknown,
        }),
      ]);
      expect((await showEffect(scope, 'reply:c1')).audit).toHaveLength(1);
    });

    it('should refuse a pending effect and change nothing, auditing nothing', async () => {
      await record(reply('c1'));
      const before = (await showEffect(scope, 'reply:c1')).effect;

      await expect(retryEffect(scope, 'reply:c1', OPERATOR)).rejects.toMatchObject({
        code: OperationErrorCode.WrongState,
      });

      expect((await showEffect(scope, 'reply:c1')).effect).toEqual(before);
      expect(await auditRows()).toEqual([]);
    });

    it('should refuse an unknown id and an action without a reason', async () => {
      await expect(retryEffect(scope, 'reply:nope', OPERATOR)).rejects.toMatchObject({
        code: OperationErrorCode.NotFound,
      });
      platform.script('refuse');
      await failed(reply('c1'));
      await expect(retryEffect(scope, 'reply:c1', { actor: 'alice', reason: ' ' })).rejects.toMatchObject({
        code: OperationErrorCode.InvalidRequest,
      });
      expect(await statusOf('reply:c1')).toBe('failed');
      expect(await auditRows()).toEqual([]);
    });
  });

  describe(discardEffect.name, () => {
    it('should keep a discarded effect out of the worker claims, audited', async () => {
      platform.script('refuse');
      await failed(reply('c1'));

      await discardEffect(scope, 'reply:c1', OPERATOR);

      expect(await worker().runOnce()).toBe(0);
      expect(platform.calls).toEqual([{ op: 'execute', id: 'reply:c1' }]);
      expect(await statusOf('reply:c1')).toBe('discarded');
      expect(await listFailedEffects(scope, { limit: 10 })).toEqual([]);
      expect(
        (await listFailedEffects(scope, { limit: 10, status: 'discarded' })).map((effect) => effect.id),
      ).toEqual(['reply:c1']);
      expect(await auditRows()).toEqual([
        expect.objectContaining({ action: 'discard', target_id: 'reply:c1', actor: 'alice' }),
      ]);
    });

    it('should refuse to retry a discarded effect', async () => {
      platform.script('refuse');
      await failed(reply('c1'));
      await discardEffect(scope, 'reply:c1', OPERATOR);

      await expect(retryEffect(scope, 'reply:c1', OPERATOR)).rejects.toMatchObject({
        code: OperationErrorCode.WrongState,
      });
      expect(await statusOf('reply:c1')).toBe('discarded');
      expect(await auditRows()).toHaveLength(1);
    });
  });
});
