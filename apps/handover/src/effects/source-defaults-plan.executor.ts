import { EMERGENCY_EVENTS_KEY } from '@handover/contracts';
import { EngageClient } from '@handover/engage-client';
import {
  type EffectExecutor,
  type EffectFailure,
  type EffectToRun,
  recordEffects,
} from '@handover/event-runtime';
import { type DataSource, type EntityManager } from 'typeorm';
import { EFFECT_KINDS } from '../routing/routing-effects';
import { type RoutingPolicy } from '../routing/routing-policy';
import { publishEffectFailed } from './handover-effect-failed.publisher';
import { type SourceDefaultPayload } from './source-default.executor';

/** An emergency switch's coverage: which sources' default categories may have to follow it. */
export interface SourceDefaultsPayload {
  commandId: string;
  global: boolean;
  sourceIds: string[];
}

/**
 * After an emergency switch, lists the sources whose default categories may have to change: the
 * ones it names, every source whose defaults hold BOT when it covers every source
 * (`GET /content_sources`), and every source an emergency changed before (to restore). Each gets its
 * own effect (`source_default`), paced like any call and made idempotent by reading before writing.
 */
export class SourceDefaultsPlanExecutor implements EffectExecutor<SourceDefaultsPayload> {
  readonly kind = EFFECT_KINDS.sourceDefaults;
  /** The sources' listing: 150 a page. */
  readonly callsPerRun = 2;

  constructor(
    private readonly client: EngageClient,
    private readonly dataSource: DataSource,
    private readonly policy: Pick<RoutingPolicy, 'botCategoryId'>,
  ) {}

  async execute(effect: EffectToRun<SourceDefaultsPayload>): Promise<Record<string, unknown>> {
    const { global, sourceIds } = effect.payload;
    const listed = global
      ? (await this.client.listSources())
          .filter((source) => (source.default_category_ids ?? []).includes(this.policy.botCategoryId))
          .map((source) => source.id)
      : [];
    const saved: Array<{ source_id: string }> = await this.dataSource.query(
      `SELECT source_id FROM emergency_source_default`,
    );
    return {
      sourceIds: [...new Set([...listed, ...sourceIds, ...saved.map((row) => row.source_id)])].sort(),
    };
  }

  async onDone(
    manager: EntityManager,
    effect: EffectToRun<SourceDefaultsPayload>,
    result: Record<string, unknown>,
  ): Promise<void> {
    const sourceIds = (result.sourceIds ?? []) as string[];
    await recordEffects(
      manager,
      sourceIds.map((sourceId) => ({
        id: `source-default:${effect.payload.commandId}:${sourceId}`,
        kind: EFFECT_KINDS.sourceDefault,
        sequenceKey: EMERGENCY_EVENTS_KEY,
        payload: { commandId: effect.payload.commandId, sourceId } satisfies SourceDefaultPayload,
      })),
    );
  }

  onFailed(
    manager: EntityManager,
    effect: EffectToRun<SourceDefaultsPayload>,
    failure: EffectFailure,
  ): Promise<void> {
    return publishEffectFailed(manager, effect, failure);
  }
}
