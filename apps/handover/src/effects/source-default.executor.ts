import {
  EMERGENCY_SOURCE_DEFAULTS_CHANGED,
  emergencyCovers,
  type EmergencySourceDefaultsEvent,
  HANDOVER_EVENTS,
} from '@handover/contracts';
import { EngageClient } from '@handover/engage-client';
import {
  appendToOutbox,
  type EffectExecutor,
  type EffectFailure,
  type EffectToRun,
} from '@handover/event-runtime';
import { type DataSource, type EntityManager } from 'typeorm';
import { RoutingRepository } from '../projection/routing.repository';
import { EFFECT_KINDS } from '../routing/routing-effects';
import { type RoutingPolicy } from '../routing/routing-policy';
import { recategorized, sameCategories } from '../routing/routing.decider';
import { publishEffectFailed } from './handover-effect-failed.publisher';

export interface SourceDefaultPayload {
  /** The switch whose plan asked for it (the source follows the coverage in force when it runs). */
  commandId: string;
  sourceId: string;
}

interface Change {
  before: string[];
  after: string[];
  change: 'set' | 'restored';
}

/**
 * The seed's emergency step done through the API (SPEC updateSource `default_category_ids[]`): a
 * source the emergency covers when this runs gets AGENT instead of BOT as default category, so new
 * threads reach agents even while our own pipeline is down; a source it no longer covers gets back
 * exactly what it had. It follows the coverage in force when it runs, not when it was planned, so
 * switches made in quick succession end right whatever order their effects run in. What a source
 * had is written down before it is changed: a crash in between loses nothing.
 */
export class SourceDefaultExecutor implements EffectExecutor<SourceDefaultPayload> {
  readonly kind = EFFECT_KINDS.sourceDefault;
  /** The source read, then written. */
  readonly callsPerRun = 2;

  constructor(
    private readonly client: EngageClient,
    private readonly dataSource: DataSource,
    private readonly policy: Pick<RoutingPolicy, 'botCategoryId' | 'agentCategoryId'>,
  ) {}

  async execute(effect: EffectToRun<SourceDefaultPayload>): Promise<Record<string, unknown>> {
    const { sourceId, commandId } = effect.payload;
    const covered = emergencyCovers(
      await new RoutingRepository(this.dataSource.manager).emergencyCoverage(),
      sourceId,
    );
    const saved: Array<{ category_ids_before: string[] }> = await this.dataSource.query(
      `SELECT category_ids_before FROM emergency_source_default WHERE source_id = $1`,
      [sourceId],
    );
    const before = saved[0]?.category_ids_before;
    const current = (await this.client.getSource(sourceId)).default_category_ids ?? [];
    if (covered) {
      return { change: await this.cover(sourceId, commandId, current, before) };
    }
    if (before === undefined) {
      return { change: null };
    }
    if (!sameCategories(current, before)) {
      await this.client.updateSourceDefaultCategories(sourceId, before);
    }
    await this.dataSource.query(`DELETE FROM emergency_source_default WHERE source_id = $1`, [sourceId]);
    return { change: { before: current, after: before, change: 'restored' } satisfies Change };
  }

  async onDone(
    manager: EntityManager,
    effect: EffectToRun<SourceDefaultPayload>,
    result: Record<string, unknown>,
  ): Promise<void> {
    const change = result.change as Change | null;
    if (change) {
      await appendToOutbox(manager, [HANDOVER_EVENTS.record(changedEvent(effect, change))]);
    }
  }

  onFailed(
    manager: EntityManager,
    effect: EffectToRun<SourceDefaultPayload>,
    failure: EffectFailure,
  ): Promise<void> {
    return publishEffectFailed(manager, effect, failure);
  }

  /** A source going to the bot gets AGENT instead; one already changed (a crash, a retry) is left so. */
  private async cover(
    sourceId: string,
    commandId: string,
    current: string[],
    saved: string[] | undefined,
  ): Promise<Change | null> {
    if (saved === undefined && !current.includes(this.policy.botCategoryId)) {
      return null;
    }
    const before = saved ?? current;
    const after = recategorized(before, this.policy.agentCategoryId, this.policy);
    if (saved === undefined) {
      await this.dataSource.query(
        `INSERT INTO emergency_source_default (source_id, category_ids_before, command_id) VALUES ($1, $2, $3)
         ON CONFLICT (source_id) DO NOTHING`,
        [sourceId, before, commandId],
      );
    }
    if (sameCategories(current, after)) {
      return null;
    }
    await this.client.updateSourceDefaultCategories(sourceId, after);
    return { before, after, change: 'set' };
  }
}

function changedEvent(
  effect: EffectToRun<SourceDefaultPayload>,
  change: Change,
): EmergencySourceDefaultsEvent {
  return {
    type: EMERGENCY_SOURCE_DEFAULTS_CHANGED,
    event_id: `${EMERGENCY_SOURCE_DEFAULTS_CHANGED}:${effect.id}`,
    command_id: effect.payload.commandId,
    source_id: effect.payload.sourceId,
    category_ids_before: change.before,
    category_ids_after: change.after,
    change: change.change,
    occurred_at: new Date().toISOString(),
  };
}
