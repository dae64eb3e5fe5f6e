import { EMERGENCY_SOURCE_DEFAULTS_CHANGED, type EmergencySourceDefaultsEvent } from '@handover/contracts';
import { EngageClient } from '@handover/engage-client';
import { appendToOutbox, type EffectExecutor, type EffectFailure, type EffectToRun } from '@handover/kafka';
import { type DataSource, type EntityManager } from 'typeorm';
import { emergencyEventRecord } from '../handover/handover-event.record';
import { EFFECT_KINDS } from '../routing/routing-effects';
import { type RoutingPolicy } from '../routing/routing-policy';
import { recategorized, sameCategories } from '../routing/routing.decider';
import { publishEffectFailed } from './handover-effect-failed.publisher';

/** The emergency coverage after a switch: what the sources' default categories must follow. */
export interface SourceDefaultsPayload {
  commandId: string;
  global: boolean;
  sourceIds: string[];
}

interface Change {
  sourceId: string;
  before: string[];
  after: string[];
  change: 'set' | 'restored';
}

/**
 * The seed's emergency step done through the API (SPEC updateSource `default_category_ids[]`): each
 * source the emergency covers gets AGENT instead of BOT as default category, so new threads reach
 * agents even while our own pipeline is down; a source it no longer covers gets back exactly what it
 * had. "Every source" means every source whose defaults hold BOT (`GET /content_sources`). What a
 * source had is written down before it is changed, so a crash in between loses nothing.
 */
export class SourceDefaultsExecutor implements EffectExecutor<SourceDefaultsPayload> {
  readonly kind = EFFECT_KINDS.sourceDefaults;
  /** The sources, and each one's read and write: an estimate, emergencies are rare. */
  readonly callsPerRun = 4;

  constructor(
    private readonly client: EngageClient,
    private readonly dataSource: DataSource,
    private readonly policy: Pick<RoutingPolicy, 'botCategoryId' | 'agentCategoryId'>,
  ) {}

  async execute(effect: EffectToRun<SourceDefaultsPayload>): Promise<Record<string, unknown>> {
    const { commandId, global, sourceIds } = effect.payload;
    const changes: Change[] = [];
    const saved = await this.savedDefaults();
    const covered = global ? await this.botSources(sourceIds) : sourceIds;
    for (const sourceId of covered) {
      const change = await this.cover(sourceId, saved.get(sourceId), commandId);
      if (change) {
        changes.push(change);
      }
    }
    for (const [sourceId, before] of saved) {
      if (global || sourceIds.includes(sourceId)) {
        continue;
      }
      const current = (await this.client.getSource(sourceId)).default_category_ids ?? [];
      await this.client.updateSourceDefaultCategories(sourceId, before);
      await this.dataSource.query(`DELETE FROM emergency_source_default WHERE source_id = $1`, [sourceId]);
      changes.push({ sourceId, before: current, after: before, change: 'restored' });
    }
    return { changes };
  }

  async onDone(
    manager: EntityManager,
    effect: EffectToRun<SourceDefaultsPayload>,
    result: Record<string, unknown>,
  ): Promise<void> {
    const changes = (result.changes ?? []) as Change[];
    const at = new Date().toISOString();
    await appendToOutbox(
      manager,
      changes.map((change) => emergencyEventRecord(changedEvent(effect, change, at))),
    );
  }

  onFailed(
    manager: EntityManager,
    effect: EffectToRun<SourceDefaultsPayload>,
    failure: EffectFailure,
  ): Promise<void> {
    return publishEffectFailed(manager, effect, failure);
  }

  /** A source not changed yet and going to the bot, or changed and not yet sent (a crash in between). */
  private async cover(
    sourceId: string,
    saved: string[] | undefined,
    commandId: string,
  ): Promise<Change | null> {
    const current = (await this.client.getSource(sourceId)).default_category_ids ?? [];
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
    } else if (sameCategories(current, after)) {
      return null;
    }
    await this.client.updateSourceDefaultCategories(sourceId, after);
    return { sourceId, before, after, change: 'set' };
  }

  private async savedDefaults(): Promise<Map<string, string[]>> {
    const rows: Array<{ source_id: string; category_ids_before: string[] }> = await this.dataSource.query(
      `SELECT source_id, category_ids_before FROM emergency_source_default ORDER BY source_id`,
    );
    return new Map(rows.map((row) => [row.source_id, row.category_ids_before]));
  }

  /** Every source whose new threads go to the bot, plus the ones named. */
  private async botSources(named: string[]): Promise<string[]> {
    const sources = await this.client.listSources();
    const bot = sources
      .filter((source) => (source.default_category_ids ?? []).includes(this.policy.botCategoryId))
      .map((source) => source.id);
    return [...new Set([...bot, ...named])];
  }
}

function changedEvent(
  effect: EffectToRun<SourceDefaultsPayload>,
  change: Change,
  at: string,
): EmergencySourceDefaultsEvent {
  return {
    type: EMERGENCY_SOURCE_DEFAULTS_CHANGED,
    event_id: `${EMERGENCY_SOURCE_DEFAULTS_CHANGED}:${effect.id}:${change.sourceId}`,
    command_id: effect.payload.commandId,
    source_id: change.sourceId,
    category_ids_before: change.before,
    category_ids_after: change.after,
    change: change.change,
    occurred_at: at,
  };
}
