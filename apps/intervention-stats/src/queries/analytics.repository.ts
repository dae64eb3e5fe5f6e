import { type DataSource } from 'typeorm';
import { wholeDaysAround } from '../rollup/rollup-plan';
import { readRollup } from '../rollup/rollup.reader';
import { CONVERSATION_ROLLUP, type ConversationRollupRow } from '../rollup/conversation-rollup';
import { INTERVENTION_ROLLUP, type InterventionRollupRow } from '../rollup/intervention-rollup';
import { type AnalyticsFilter } from './analytics-filter.dto';

/** The analytics queries: conversations and interventions from the daily rollups, threads from the views. */
export class AnalyticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The conversations first written in [from, to). */
  conversations(filter: AnalyticsFilter): Promise<ConversationRollupRow[]> {
    return readRollup(this.dataSource, CONVERSATION_ROLLUP, filter, [filter.sourceId, filter.language]);
  }

  /** The conversations of every UTC day that overlaps [from, to). */
  days(filter: AnalyticsFilter): Promise<ConversationRollupRow[]> {
    return readRollup(this.dataSource, CONVERSATION_ROLLUP, wholeDaysAround(filter), [
      filter.sourceId,
      filter.language,
    ]);
  }

  /** The interventions opened in [from, to) (the language filter does not apply). */
  interventions(filter: AnalyticsFilter): Promise<InterventionRollupRow[]> {
    return readRollup(this.dataSource, INTERVENTION_ROLLUP, filter, [filter.sourceId]);
  }

  async thread(threadId: string): Promise<Record<string, unknown> | undefined> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      'SELECT * FROM thread_stats WHERE thread_id = $1',
      [threadId],
    );
    return rows[0];
  }

  async timeline(threadId: string): Promise<Array<Record<string, unknown>>> {
    return this.dataSource.query(
      `SELECT at, topic, type, event_id, detail FROM stats_timeline WHERE thread_id = $1 ORDER BY at, event_id`,
      [threadId],
    );
  }
}
